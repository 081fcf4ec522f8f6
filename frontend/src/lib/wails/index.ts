// The only module that talks to the generated Wails bindings (wailsjs/).
// Everything else imports these typed wrappers, which reject with ApiError.
import * as Inbox from '../../../wailsjs/go/app/InboxAPI'
import * as Workspace from '../../../wailsjs/go/app/WorkspaceAPI'
import { app } from '../../../wailsjs/go/models'
import { EventsOn } from '../../../wailsjs/runtime/runtime'
import { ApiError, toApiError } from './errors'
import type {
  ClientGroupDTO,
  ConversationDetailDTO,
  ConversationPageDTO,
  ConversationStatus,
  FilterDTO,
  InboxDelta,
  InfoDTO,
  NoteDTO,
  SearchHitDTO,
  SidebarDTO,
} from './types'

export * from './types'
export { ApiError, errorMessage, toApiError } from './errors'

/** Name of the event the back end emits after each commit (ids only). */
export const INBOX_DELTA = 'inbox:delta'

interface WailsWindow {
  go?: { app?: unknown }
  runtime?: unknown
}

function backendReady(): boolean {
  return typeof window !== 'undefined' && !!(window as unknown as WailsWindow).go?.app
}

/** Runs a bound method, rejecting with ApiError (also used by sibling wrapper modules). */
export async function callBackend<T>(fn: () => Promise<unknown>): Promise<T> {
  return call<T>(fn)
}

async function call<T>(fn: () => Promise<unknown>): Promise<T> {
  if (!backendReady()) {
    throw new ApiError(
      'unavailable',
      'The Care Inbox back end is not reachable. Open the Care Inbox app rather than this page in a browser.',
    )
  }
  try {
    return (await fn()) as T
  } catch (e) {
    throw toApiError(e)
  }
}

// InboxAPI

export function listConversations(filter: FilterDTO, offset: number, limit: number): Promise<ConversationPageDTO> {
  return call(() => Inbox.ListConversations(app.FilterDTO.createFrom(filter), offset, limit))
}

export function getConversation(id: number): Promise<ConversationDetailDTO> {
  return call(() => Inbox.GetConversation(id))
}

export function markRead(id: number): Promise<void> {
  return call(() => Inbox.MarkRead(id))
}

/** Queues a failed reply again. */
export function retrySend(messageId: number): Promise<void> {
  return call(() => Inbox.RetrySend(messageId))
}

export function setStatus(ids: number[], status: ConversationStatus, snoozedUntilMs = 0): Promise<void> {
  return call(() => Inbox.SetStatus(ids, status, snoozedUntilMs))
}

export function addNote(conversationId: number, text: string): Promise<NoteDTO> {
  return call(() => Inbox.AddNote(conversationId, text))
}

export function search(query: string, limit: number): Promise<SearchHitDTO[]> {
  return call(() => Inbox.Search(query, limit))
}

// WorkspaceAPI

export function getInfo(): Promise<InfoDTO> {
  return call(() => Workspace.Info())
}

export function getSidebar(): Promise<SidebarDTO> {
  return call(() => Workspace.Sidebar())
}

export function createClient(name: string): Promise<ClientGroupDTO> {
  return call(() => Workspace.CreateClient(name))
}

export function getNetworks(): Promise<string[]> {
  return call(() => Workspace.Networks())
}

/** Opens an http(s) link in the system browser (Go checks the scheme again). */
export function openLink(url: string): Promise<void> {
  return call(() => Workspace.OpenLink(url))
}

// Events

/** Subscribes to inbox:delta; returns the unsubscribe function. A no-op outside Wails. */
export function onInboxDelta(handler: (delta: InboxDelta) => void): () => void {
  if (typeof window === 'undefined' || !(window as unknown as WailsWindow).runtime) return () => {}
  return EventsOn(INBOX_DELTA, (payload: unknown) => {
    const d = (payload ?? {}) as Partial<InboxDelta>
    handler({
      entity: String(d.entity ?? ''),
      upserted: Array.isArray(d.upserted) ? d.upserted : [],
      removed: Array.isArray(d.removed) ? d.removed : [],
    })
  })
}
export * from './triage'
