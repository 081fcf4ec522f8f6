// Meta's reply windows for Messenger and Instagram direct messages, so the
// composer can say before sending what the platform will accept. The same
// rule as the connector (backend/connector/graph/messaging.go): a normal
// reply within 24 h of the customer's last message, then only with the
// HUMAN_AGENT tag up to 7 days, then nothing.

import { formatClock } from './time'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

export const STANDARD_WINDOW_MS = DAY
export const HUMAN_AGENT_WINDOW_MS = 7 * DAY

export type ReplyWindowState =
  /** Not a Messenger / Instagram DM: no platform window. */
  | 'none'
  /** Within 24 h: a normal reply. */
  | 'open'
  /** 24 h – 7 days: the reply goes out with the HUMAN_AGENT tag. */
  | 'human_agent'
  /** Past 7 days: Meta refuses any reply; the composer blocks sending. */
  | 'closed'
  /** A Meta DM without a known customer message: the window cannot be computed here. */
  | 'unknown'

export interface ReplyWindow {
  state: ReplyWindowState
  /** When the current stage ends (ms); 0 for 'none', 'closed' and 'unknown'. */
  until: number
  /** True when the platform would reject the send. */
  blocked: boolean
  /** What the composer shows; '' for 'none'. */
  message: string
}

export interface ReplyWindowConversation {
  network: string
  kind: string
  /** The customer's last message (ms, 0 / missing = none known). */
  lastInboundAt?: number
}

const LABELS: Record<string, string> = { facebook: 'Messenger', instagram: 'Instagram' }

export const WINDOW_CLOSED_MESSAGE =
  "Meta no longer lets pages answer this conversation: the customer's last message is more than 7 days old. Ask them to write again, or answer publicly."

/** Whether a conversation is subject to Meta's messaging windows. */
export function hasReplyWindow(c: ReplyWindowConversation): boolean {
  return c.kind === 'private' && c.network in LABELS
}

/** "3 h", "45 min", "2 d 4 h", "under a minute": how long until `until`. */
export function formatRemaining(ms: number): string {
  if (ms < MIN) return 'under a minute'
  if (ms < HOUR) return `${Math.floor(ms / MIN)} min`
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`
  const d = Math.floor(ms / DAY)
  const h = Math.floor((ms % DAY) / HOUR)
  return h ? `${d} d ${h} h` : `${d} d`
}

/** When a reply window closes, said the way every clock mark is (lib/time.ts). */
export function formatDeadline(at: number, now: number): string {
  return formatClock(at, now)
}

/** Where a Messenger / Instagram DM stands in Meta's reply windows at `now`. */
export function replyWindow(c: ReplyWindowConversation, now: number): ReplyWindow {
  if (!hasReplyWindow(c)) return { state: 'none', until: 0, blocked: false, message: '' }
  const label = LABELS[c.network]
  const last = c.lastInboundAt ?? 0
  if (!last) {
    return {
      state: 'unknown',
      until: 0,
      blocked: false,
      message: `${label}: no message from the customer is stored here yet — Meta only accepts a page's reply within 7 days of the customer's last message.`,
    }
  }
  const age = now - last
  if (age <= STANDARD_WINDOW_MS) {
    const until = last + STANDARD_WINDOW_MS
    return { state: 'open', until, blocked: false, message: `${label} reply window: open for another ${formatRemaining(until - now)}` }
  }
  if (age <= HUMAN_AGENT_WINDOW_MS) {
    const until = last + HUMAN_AGENT_WINDOW_MS
    return {
      state: 'human_agent',
      until,
      blocked: false,
      message: `Past 24 h: this reply goes out with Meta's human-agent tag (a person answering the customer's issue; no promotions) — allowed until ${formatDeadline(until, now)}`,
    }
  }
  return { state: 'closed', until: 0, blocked: true, message: WINDOW_CLOSED_MESSAGE }
}
