// Typed wrappers for the triage, compose and search APIs (issue 5). Like
// index.ts, this is an importer of the generated bindings; components use
// these wrappers, which reject with ApiError.
import * as Compose from '../../../wailsjs/go/app/ComposeAPI'
import * as Inbox from '../../../wailsjs/go/app/InboxAPI'
import * as SearchAPI from '../../../wailsjs/go/app/SearchAPI'
import * as Triage from '../../../wailsjs/go/app/TriageAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { call } from './call'
import type {
  ComposeContextDTO,
  CustomerDTO,
  FilterDTO,
  FindingDTO,
  MessageDTO,
  MoveResultDTO,
  SavedReplyDTO,
  SavedViewDTO,
  SearchQueryDTO,
  SearchResultsDTO,
  SensitiveMessageDTO,
  TagDTO,
} from './models'

// TriageAPI

export const tagConversations = (ids: number[], name: string): Promise<void> => call(() => Triage.Tag(ids, name))
export const untagConversations = (ids: number[], name: string): Promise<void> => call(() => Triage.Untag(ids, name))
export const setUnread = (ids: number[], unread: boolean): Promise<void> => call(() => Triage.SetUnread(ids, unread))
export const listTags = (): Promise<TagDTO[]> => call(() => Triage.Tags())
export const listViews = (): Promise<SavedViewDTO[]> => call(() => Triage.Views())
export const saveView = (name: string, filter: FilterDTO): Promise<SavedViewDTO> =>
  call(() => Triage.SaveView(name, asDTO<app.FilterDTO>(filter)))
export const deleteView = (id: number): Promise<void> => call(() => Triage.DeleteView(id))

// ComposeAPI

export const composeContext = (conversationId: number): Promise<ComposeContextDTO> =>
  call(() => Compose.Context(conversationId))
export const saveDraft = (conversationId: number, text: string, visibility: string): Promise<void> =>
  call(() => Compose.SaveDraft(conversationId, text, visibility))
export const checkSensitive = (text: string): Promise<FindingDTO[]> => call(() => Compose.Check(text))
export const sensitiveInThread = (conversationId: number): Promise<SensitiveMessageDTO[]> =>
  call(() => Compose.SensitiveInThread(conversationId))
export const moveToPrivate = (conversationId: number, publicNote: string, privateText: string): Promise<MoveResultDTO> =>
  call(() => Compose.MoveToPrivate(conversationId, publicNote, privateText))
export const saveReply = (r: SavedReplyDTO): Promise<SavedReplyDTO> =>
  call(() => Compose.SaveReply(asDTO<app.SavedReplyDTO>(r)))
export const deleteReply = (id: number): Promise<void> => call(() => Compose.DeleteReply(id))
export const setTone = (clientId: number, notes: string): Promise<void> => call(() => Compose.SetTone(clientId, notes))

// SearchAPI

export const searchMessages = (q: SearchQueryDTO): Promise<SearchResultsDTO> =>
  call(() => SearchAPI.Search(asDTO<app.SearchQueryDTO>(q)))
export const getCustomer = (participantId: number): Promise<CustomerDTO> => call(() => SearchAPI.Customer(participantId))

// InboxAPI.SendReply: written locally as "queued", then sent by the outbox.
export const sendReply = (conversationId: number, text: string, visibility: 'public' | 'private'): Promise<MessageDTO> =>
  call(() => Inbox.SendReply(conversationId, text, visibility))
