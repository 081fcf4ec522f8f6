// Typed wrappers for the VoiceAPI (issue 12: tone of voice, who is answering,
// the best-practices guide). Like index.ts, an importer of the generated
// bindings; components use these wrappers, which reject with ApiError.
import * as Voice from '../../../wailsjs/go/app/VoiceAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { call } from './call'
import type { GuideDTO, VoiceDTO, WordHitDTO } from './models'

/** How far a client lets agents joke (inbox.Humour). */
export type HumourLevel = 'never' | 'care' | 'welcome'

export const HUMOUR_LEVELS: { value: HumourLevel; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: 'care', label: 'With care' },
  { value: 'welcome', label: 'Welcome' },
]

export const getVoice = (clientId: number): Promise<VoiceDTO> => call(() => Voice.Voice(clientId))
export const saveVoice = (clientId: number, v: VoiceDTO): Promise<void> =>
  call(() => Voice.SaveVoice(clientId, asDTO<app.VoiceDTO>(v)))
export const checkWords = (clientId: number, text: string): Promise<WordHitDTO[]> => call(() => Voice.CheckWords(clientId, text))
export const getAgentName = (): Promise<string> => call(() => Voice.AgentName())
export const setAgentName = (name: string): Promise<void> => call(() => Voice.SetAgentName(name))
export const getGuide = (): Promise<GuideDTO> => call(() => Voice.Guide())
export const saveGuide = (markdown: string): Promise<GuideDTO> => call(() => Voice.SaveGuide(markdown))
export const resetGuide = (): Promise<GuideDTO> => call(() => Voice.ResetGuide())
