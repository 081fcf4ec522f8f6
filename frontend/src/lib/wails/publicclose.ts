// Typed wrappers for finishing in public (issue 12): a public thread taken
// private or handled offline waits for its public closing reply.
import * as Closes from '../../../wailsjs/go/app/PublicCloseAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { call } from './call'
import type { MessageDTO, PublicCloseDTO, PublicCloseSettingsDTO } from './models'

export const getPublicClose = (conversationId: number): Promise<PublicCloseDTO | null> =>
  call(() => Closes.Get(conversationId)).then((p) => p ?? null)
export const logOffline = (conversationId: number, channel: 'phone' | 'email', note: string, done: boolean): Promise<void> =>
  call(() => Closes.LogOffline(conversationId, channel, note, done))
export const offlineDone = (conversationId: number, note: string): Promise<void> => call(() => Closes.OfflineDone(conversationId, note))
export const sendPublicClose = (conversationId: number, text: string): Promise<MessageDTO> => call(() => Closes.Send(conversationId, text))
export const dismissPublicClose = (conversationId: number, reason: string): Promise<void> =>
  call(() => Closes.Dismiss(conversationId, reason))
export const publicCloseSettings = (clientId: number): Promise<PublicCloseSettingsDTO> => call(() => Closes.Settings(clientId))
export const setPublicCloseSettings = (clientId: number, s: PublicCloseSettingsDTO): Promise<void> =>
  call(() => Closes.SetSettings(clientId, asDTO<app.PublicCloseSettingsDTO>(s)))
