// Importing an official archive into a handle's history (app/import_api.go):
// the native picker, the background import and its events.
import * as Import from '../../../wailsjs/go/app/ImportAPI'
import { EventsOn } from '../../../wailsjs/runtime/runtime'
import { call, runtimeReady } from './call'
import type { ImportStatusDTO } from './models'

export type { ImportSkipDTO, ImportStatusDTO } from './models'

export const IMPORT_PROGRESS = 'import:progress'
export const IMPORT_DONE = 'import:done'

/** The formats a user may name; "auto" reads the file to tell. */
export const IMPORT_FORMATS = ['auto', 'x', 'facebook', 'instagram', 'mastodon', 'telegram', 'mbox', 'maildir', 'eml'] as const

/** Opens the native file picker; resolves "" when the user cancels. */
export function pickArchive(): Promise<string> {
  return call(() => Import.PickArchive())
}

/** Opens the native folder picker (a Maildir, an unpacked archive); "" when cancelled. */
export function pickArchiveFolder(): Promise<string> {
  return call(() => Import.PickArchiveFolder())
}

/** Starts importing the archive at path in the background; progress comes as events. */
export function startImport(handleId: number, path: string, format: string): Promise<void> {
  return call(() => Import.StartImport(handleId, path, format))
}

export function importStatus(handleId: number): Promise<ImportStatusDTO | null> {
  return call(() => Import.ImportStatus(handleId))
}

export function cancelImport(handleId: number): Promise<void> {
  return call(() => Import.CancelImport(handleId))
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** Reads an event's payload as an ImportStatusDTO, field by field (events are not typed by Wails). */
export function toImportStatus(payload: unknown): ImportStatusDTO | null {
  if (!payload || typeof payload !== 'object') return null
  const p = payload as Record<string, unknown>
  const skipped = Array.isArray(p.skipped)
    ? p.skipped
        .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
        .map((s) => ({ reason: String(s.reason ?? ''), count: num(s.count) }))
    : []
  return {
    handleId: num(p.handleId),
    running: p.running === true,
    format: String(p.format ?? ''),
    done: num(p.done),
    total: num(p.total),
    conversations: num(p.conversations),
    messages: num(p.messages),
    new: num(p.new),
    existing: num(p.existing),
    skipped,
    resumed: p.resumed === true,
    error: String(p.error ?? ''),
    seq: num(p.seq),
  }
}

/**
 * The newer of two statuses of a handle's imports, by the back end's
 * sequence number: a poll answered after the done event, or events
 * delivered out of order, must never flip a finished import back to
 * "Importing…".
 */
export function newerImportStatus(cur: ImportStatusDTO | null, next: ImportStatusDTO): ImportStatusDTO {
  return cur && cur.seq > next.seq ? cur : next
}

/** Subscribes to a handle's import progress and end; returns the unsubscribe function. A no-op outside Wails. */
export function onImport(handleId: number, handler: (st: ImportStatusDTO) => void): () => void {
  if (!runtimeReady()) return () => {}
  const on = (name: string) =>
    EventsOn(name, (payload: unknown) => {
      const st = toImportStatus(payload)
      if (st && st.handleId === handleId) handler(st)
    })
  const offs = [on(IMPORT_PROGRESS), on(IMPORT_DONE)]
  return () => offs.forEach((off) => off())
}
