// The only modules that talk to the generated Wails bindings (wailsjs/) are in
// this folder. Everything else imports these typed wrappers, which reject with
// ApiError, and the types of ./models, which come from the generated models.
import * as Inbox from '../../../wailsjs/go/app/InboxAPI'
import * as Workspace from '../../../wailsjs/go/app/WorkspaceAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { EventsEmit, EventsOn, LogPrint } from '../../../wailsjs/runtime/runtime'
import { call, runtimeReady } from './call'
import type {
  ClientGroupDTO,
  ConversationDetailDTO,
  ConversationPageDTO,
  ConversationStatus,
  FilterDTO,
  InfoDTO,
  NoteDTO,
  SidebarDTO,
} from './models'

export * from './models'
export { ApiError, errorMessage, toApiError } from './errors'
export { call as callBackend } from './call'

/** Name of the event the back end emits after each commit (ids only). */
export const INBOX_DELTA = 'inbox:delta'

/**
 * Payload of the `inbox:delta` event (app/events.go): ids only, coalesced,
 * after commit. Events are not bound methods, so Wails generates no type for
 * them; onInboxDelta checks the shape at run time instead of trusting it.
 */
export interface InboxDelta {
  entity: 'conversation' | 'message' | 'handle' | 'client' | 'deadline' | string
  upserted: number[]
  removed: number[]
}

// InboxAPI

export function listConversations(filter: FilterDTO, offset: number, limit: number): Promise<ConversationPageDTO> {
  return call(() => Inbox.ListConversations(asDTO<app.FilterDTO>(filter), offset, limit))
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

/** Opens an http(s) link in the system browser (Go checks the scheme again). */
/** Opens the sample workspace (made-up conversations, its own database) in a second window. */
export function openSampleWorkspace(): Promise<void> {
  return call(() => Workspace.OpenSampleWorkspace())
}

export function openLink(url: string): Promise<void> {
  return call(() => Workspace.OpenLink(url))
}

// Events

function ids(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []
}

/** Subscribes to inbox:delta; returns the unsubscribe function. A no-op outside Wails. */
export function onInboxDelta(handler: (delta: InboxDelta) => void): () => void {
  if (!runtimeReady()) return () => {}
  return EventsOn(INBOX_DELTA, (payload: unknown) => {
    const d: Record<string, unknown> = payload && typeof payload === 'object' ? { ...payload } : {}
    handler({ entity: String(d.entity ?? ''), upserted: ids(d.upserted), removed: ids(d.removed) })
  })
}

export * from './triage'
export * from './voice'
export * from './publicclose'
export * from './undo'
export * from './backfill'

/**
 * Writes one line to the app's standard output through the Wails runtime's log
 * (printed at every log level). Used once per start, for the "first rows on
 * screen" mark that scripts/bench-app.sh times; a no-op outside Wails.
 */
export function logLine(message: string): void {
  if (runtimeReady()) LogPrint(message)
}

/** Name of the event that tells the back end the first rows are painted (app.FirstRowsEvent). */
export const FIRST_ROWS_EVENT = 'careinbox:first-rows'

/** Tells the back end the first rows are on screen: its background loops start then. */
export function emitFirstRows(): void {
  if (runtimeReady()) EventsEmit(FIRST_ROWS_EVENT)
}
