// What the thread shows for a public-close loop (issue 12: finish in public).
import type { PublicCloseDTO } from './wails'

export type LoopState = 'waiting' | 'prompt' | 'sending' | 'done' | 'dismissed'

/** An unfinished loop counts as open work. */
export function isOpenLoop(state: string | undefined | null): boolean {
  return state === 'waiting' || state === 'prompt' || state === 'sending'
}

/** The short label of a row's public-close state ("" when none). */
export function loopBadge(state: string | undefined | null): string {
  switch (state) {
    case 'waiting':
      return 'Waiting for public close'
    case 'prompt':
      return 'Close in public'
    case 'sending':
      return 'Public close sending'
  }
  return ''
}

export interface LoopView {
  title: string
  /** Where the conversation continued, in words. */
  where: string
  canSend: boolean
  canDismiss: boolean
  canOfflineDone: boolean
  overdue: boolean
}

const CHANNEL: Record<string, string> = { phone: 'by phone', email: 'by e-mail' }

/** The prompt's text and actions for a loop at now (Unix ms). */
export function loopView(p: PublicCloseDTO, now: number): LoopView {
  const where = p.via === 'offline' ? `handled offline ${CHANNEL[p.offlineChannel] ?? ''}`.trim() : 'continued in private messages'
  const overdue = isOpenLoop(p.state) && p.dueAt > 0 && p.dueAt <= now
  const base = { where, canSend: false, canDismiss: false, canOfflineDone: false, overdue }
  switch (p.state) {
    case 'waiting':
      return {
        ...base,
        title: p.via === 'offline' ? 'Waiting for a public close: log when the offline handling is done' : 'Waiting for a public close: the private conversation is still open',
        canDismiss: true,
        canOfflineDone: p.via === 'offline',
      }
    case 'prompt':
      return {
        ...base,
        title: p.via === 'offline' ? 'Handled offline — close this thread in public' : 'The private conversation is resolved — close this thread in public',
        canSend: true,
        canDismiss: true,
      }
    case 'sending':
      return { ...base, title: 'The public closing reply is in the outbox; the thread resolves when it is delivered' }
    case 'done':
      return { ...base, title: 'Closed in public' }
    default:
      return { ...base, title: `Not closed in public: ${p.dismissReason}` }
  }
}

const EVENT: Record<string, string> = {
  moved_private: 'Moved to private messages',
  handled_offline: 'Handled offline',
  private_resolved: 'Private conversation resolved',
  private_reopened: 'Private conversation reopened',
  offline_done: 'Offline handling done',
  send_reply: 'Public closing reply queued',
  reply_sent: 'Public closing reply delivered',
  dismiss: 'Public close dismissed',
}

/** A history line's label. */
export function eventLabel(event: string): string {
  return EVENT[event] ?? event
}
