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
  snoozedUntil: number
  unread: number
  messageCount: number
  tags: string[]
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
