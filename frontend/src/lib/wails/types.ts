// Plain TypeScript mirrors of the Go DTOs in app/dto.go. Components and tests
// use these, never the classes generated into wailsjs/go/models.ts.
// All times are Unix milliseconds; 0 means "never".

export type Network =
  | 'x'
  | 'facebook'
  | 'instagram'
  | 'linkedin'
  | 'mastodon'
  | 'bluesky'
  | 'email'
  | 'telegram'

export type ConversationKind = 'public' | 'private' | 'email'
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed'
export type Direction = 'in' | 'out'
export type Delivery = 'received' | 'queued' | 'sending' | 'sent' | 'failed'
export type SyncState = 'idle' | 'ok' | 'syncing' | 'rate_limited' | 'auth_needed' | 'error'

export interface ConversationDTO {
  id: number
  handleId: number
  clientId: number
  clientName: string
  network: Network | string
  handleName: string
  kind: ConversationKind | string
  status: ConversationStatus | string
  customerName: string
  customerUser: string
  subject: string
  excerpt: string
  lastDirection: Direction | string
  lastMessageAt: number
  awaitingSince: number
  /** The customer's last message (0 = none); Meta's reply windows run from it. */
  lastInboundAt?: number
  snoozedUntil: number
  unread: number
  messageCount: number
  tags: string[]
  /** The customer's participant id, shared across handles (0 = unknown). */
  customerId?: number
  /** The running response (else resolution) deadline; null when none. */
  deadline?: DeadlineDTO | null
}

/** A conversation's stored deadline (app/deadlines_api.go). Times in ms, 0 = none. */
export interface DeadlineDTO {
  clock: 'response' | 'resolution' | string
  kind: 'first' | 'next' | 'resolution' | string
  state: 'on_track' | 'imminent' | 'late' | 'at_risk' | 'breached' | 'paused' | string
  startedAt: number
  warnAt: number
  internalAt: number
  promiseWarnAt: number
  publishedAt: number
  /** When the platform stops accepting a reply (Messenger/Instagram 24 h). */
  windowAt: number
  uncertain: boolean
  uncertainReason: string
  dataAsOf: number
}

export interface ConversationPageDTO {
  total: number
  items: ConversationDTO[]
}

export interface MessageDTO {
  id: number
  direction: Direction | string
  authorName: string
  text: string
  sentAt: number
  delivery: Delivery | string
  /** Why an outgoing reply is waiting or failed; "" otherwise. */
  sendError?: string
}

export interface NoteDTO {
  id: number
  author: string
  text: string
  createdAt: number
}

export interface ConversationDetailDTO {
  conversation: ConversationDTO
  messages: MessageDTO[]
  notes: NoteDTO[]
}

/** Narrows the inbox list; empty fields mean "any". */
export interface FilterDTO {
  clientId: number
  handleId: number
  network: string
  statuses: string[]
  unreadOnly: boolean
  /** Conversations with any of these tags. */
  tags?: string[]
  /** Conversations whose deadline is in any of these states. */
  deadlineStates?: string[]
  /** One customer's conversations, across handles. */
  customerId?: number
}

export interface HandleDTO {
  id: number
  clientId: number
  network: Network | string
  displayName: string
  username: string
  syncState: SyncState | string
  syncError: string
  lastSyncAt: number
  /** When a rate-limited or failing handle tries again (ms, 0 = not waiting). */
  retryAt: number
  /** History backfill progress, 0–1 (1 = complete). */
  backfill: number
  open: number
  unread: number
}

export interface ClientGroupDTO {
  id: number
  name: string
  open: number
  unread: number
  handles: HandleDTO[]
}

export interface SidebarDTO {
  clients: ClientGroupDTO[]
  open: number
  unread: number
}

/** Snippet marks matches with \u0002 … \u0003. */
export interface SearchHitDTO {
  messageId: number
  conversationId: number
  authorName: string
  sentAt: number
  snippet: string
}

export interface InfoDTO {
  version: string
  demo: boolean
  databasePath: string
  keychainOk: boolean
  keychainMessage: string
}

/** Payload of the `inbox:delta` event: ids only, coalesced, after commit. */
export interface InboxDelta {
  entity: 'conversation' | 'message' | 'handle' | 'client' | string
  upserted: number[]
  removed: number[]
}
