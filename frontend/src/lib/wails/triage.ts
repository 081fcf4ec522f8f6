// Typed wrappers for the triage, compose and search APIs (issue 5). Like
// index.ts, this is an importer of the generated bindings; components use
// these wrappers, which reject with ApiError.
import * as Compose from '../../../wailsjs/go/app/ComposeAPI'
import * as Inbox from '../../../wailsjs/go/app/InboxAPI'
import * as SearchAPI from '../../../wailsjs/go/app/SearchAPI'
import * as Triage from '../../../wailsjs/go/app/TriageAPI'
import { app } from '../../../wailsjs/go/models'
import { ApiError, toApiError } from './errors'
import type { ConversationDTO, FilterDTO, MessageDTO, SearchHitDTO } from './types'

export interface TagDTO {
  id: number
  name: string
  color: string
  conversations: number
}

export interface SavedViewDTO {
  id: number
  name: string
  filter: FilterDTO
}

export interface DraftDTO {
  text: string
  visibility: 'public' | 'private' | string
  updatedAt: number
}

export interface SavedReplyDTO {
  id: number
  clientId: number
  title: string
  body: string
}

export interface ComposeContextDTO {
  agent: string
  tone: string
  replies: SavedReplyDTO[]
  draft: DraftDTO | null
}

export interface FindingDTO {
  kind: string
  label: string
  /** Safe to show: never the full value. */
  masked: string
}

export interface SensitiveMessageDTO {
  messageId: number
  findings: FindingDTO[]
}

export interface MoveResultDTO {
  privateConversationId: number
  created: boolean
  publicMessageId: number
  privateMessageId: number
}

export interface SearchQueryDTO {
  text: string
  author: string
  clientId: number
  handleId: number
  network: string
  statuses: string[]
  tag: string
  /** Unix ms, inclusive; 0 = any. */
  from: number
  /** Unix ms, exclusive; 0 = any. */
  to: number
  relevance: boolean
  limit: number
}

export interface SearchResultDTO extends SearchHitDTO {
  direction: string
  status: string
  network: string
  handleName: string
  clientName: string
  customerName: string
}

export interface TimelineEntryDTO extends MessageDTO {
  conversationId: number
  kind: string
  handleName: string
}

export interface CustomerDTO {
  id: number
  network: string
  username: string
  displayName: string
  messages: number
  firstSeen: number
  lastSeen: number
  conversations: ConversationDTO[]
  timeline: TimelineEntryDTO[]
}

async function call<T>(fn: () => Promise<unknown>): Promise<T> {
  if (typeof window === 'undefined' || !(window as unknown as { go?: { app?: unknown } }).go?.app) {
    throw new ApiError('unavailable', 'The Care Inbox back end is not reachable.')
  }
  try {
    return (await fn()) as T
  } catch (e) {
    throw toApiError(e)
  }
}

// TriageAPI

export const tagConversations = (ids: number[], name: string) => call<void>(() => Triage.Tag(ids, name))
export const untagConversations = (ids: number[], name: string) => call<void>(() => Triage.Untag(ids, name))
export const setUnread = (ids: number[], unread: boolean) => call<void>(() => Triage.SetUnread(ids, unread))
export const listTags = () => call<TagDTO[]>(() => Triage.Tags())
export const listViews = () => call<SavedViewDTO[]>(() => Triage.Views())
export const saveView = (name: string, filter: FilterDTO) =>
  call<SavedViewDTO>(() => Triage.SaveView(name, app.FilterDTO.createFrom(filter)))
export const deleteView = (id: number) => call<void>(() => Triage.DeleteView(id))

// ComposeAPI

export const composeContext = (conversationId: number) => call<ComposeContextDTO>(() => Compose.Context(conversationId))
export const saveDraft = (conversationId: number, text: string, visibility: string) =>
  call<void>(() => Compose.SaveDraft(conversationId, text, visibility))
export const checkSensitive = (text: string) => call<FindingDTO[]>(() => Compose.Check(text))
export const sensitiveInThread = (conversationId: number) =>
  call<SensitiveMessageDTO[]>(() => Compose.SensitiveInThread(conversationId))
export const moveToPrivate = (conversationId: number, publicNote: string, privateText: string) =>
  call<MoveResultDTO>(() => Compose.MoveToPrivate(conversationId, publicNote, privateText))
export const saveReply = (r: SavedReplyDTO) => call<SavedReplyDTO>(() => Compose.SaveReply(app.SavedReplyDTO.createFrom(r)))
export const deleteReply = (id: number) => call<void>(() => Compose.DeleteReply(id))
export const setTone = (clientId: number, notes: string) => call<void>(() => Compose.SetTone(clientId, notes))

// SearchAPI

export const searchMessages = (q: SearchQueryDTO) =>
  call<SearchResultDTO[]>(() => SearchAPI.Search(app.SearchQueryDTO.createFrom(q)))
export const getCustomer = (participantId: number) => call<CustomerDTO>(() => SearchAPI.Customer(participantId))

// InboxAPI.SendReply: written locally as "queued", then sent by the outbox.
export const sendReply = (conversationId: number, text: string, visibility: 'public' | 'private') =>
  call<MessageDTO>(() => Inbox.SendReply(conversationId, text, visibility))
