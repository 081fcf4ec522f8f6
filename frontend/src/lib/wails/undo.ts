// Typed wrappers for undo (issue 14 item 5): pulling a held reply back out of
// the outbox, undoing a status change, and the send delay. Like index.ts, an
// importer of the generated bindings; components use these wrappers.
import * as Inbox from '../../../wailsjs/go/app/InboxAPI'
import type { app } from '../../../wailsjs/go/models'
import { call } from './call'
import type { ConversationStatus, Model } from './models'

export type UndoneReplyDTO = Model<app.UndoneReplyDTO>
export type StatusChangeDTO = Model<app.StatusChangeDTO>

/** Pulls back a reply still held in the outbox (its undoUntil not passed). */
export const undoSend = (messageId: number): Promise<UndoneReplyDTO> => call(() => Inbox.UndoSend(messageId))

/** A status change that returns the token undoStatus takes. */
export const changeStatus = (ids: number[], status: ConversationStatus, snoozedUntilMs = 0): Promise<StatusChangeDTO> =>
  call(() => Inbox.ChangeStatus(ids, status, snoozedUntilMs))

/** Puts back what a changeStatus changed, exactly. */
export const undoStatus = (token: string): Promise<void> => call(() => Inbox.UndoStatus(token))

/** The undo-send window in seconds (10 unless changed; 0 = send at once). */
export const getSendDelay = (): Promise<number> => call(() => Inbox.SendDelay())
export const setSendDelay = (seconds: number): Promise<void> => call(() => Inbox.SetSendDelay(seconds))
