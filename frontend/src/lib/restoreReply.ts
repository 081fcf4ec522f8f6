// A reply pulled back by Undo goes back where it was written: into the open
// composer of its conversation, else into that conversation's draft.
import { saveDraft, type UndoneReplyDTO } from './wails'

/** The window event a Composer listens to for its conversation's undone reply. */
export const RESTORE_REPLY_EVENT = 'careinbox:restore-reply'

export function restoreReply(r: UndoneReplyDTO): void {
  const ev = new CustomEvent<UndoneReplyDTO>(RESTORE_REPLY_EVENT, { detail: r, cancelable: true })
  // A composer on screen takes it (and cancels the event); otherwise it is kept as the draft.
  if (window.dispatchEvent(ev)) void saveDraft(r.conversationId, r.text, r.visibility).catch(() => {})
}
