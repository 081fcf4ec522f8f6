import './import.css'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { errorMessage, type HandleDTO } from '../../lib/wails'
import {
  cancelImport,
  IMPORT_FORMATS,
  importStatus,
  newerImportStatus,
  onImport,
  pickArchive,
  pickArchiveFolder,
  startImport,
  type ImportStatusDTO,
} from '../../lib/wails/imports'

function n(v: number): string {
  return v.toLocaleString()
}

/** "412 conversations · 3 100 messages (2 980 new)". */
export function importCounts(st: ImportStatusDTO): string {
  return `${n(st.conversations)} conversations · ${n(st.messages)} messages (${n(st.new)} new, ${n(st.existing)} already here)`
}

/** Share of the archive read (0–100), or undefined while unknown. */
export function importPercent(st: ImportStatusDTO): number | undefined {
  if (!st.running) return 100
  if (st.total <= 0) return undefined
  return Math.min(100, Math.round((100 * st.done) / st.total))
}

/**
 * "Import archive…" on a handle: pick an official archive (a file or a
 * folder), import it in the background with a progress bar, then a summary
 * with what was skipped and why. Imported conversations are history: they
 * are resolved and read, and start no deadline.
 */
export function ImportArchive({ handle, onClose }: { handle: HandleDTO; onClose: () => void }) {
  const [format, setFormat] = useState('auto')
  const [status, setStatus] = useState<ImportStatusDTO | null>(null)
  const [error, setError] = useState('')
  const qc = useQueryClient()

  useEffect(() => {
    let live = true
    importStatus(handle.id)
      .then((st) => live && st && setStatus((cur) => newerImportStatus(cur, st)))
      .catch(() => {})
    const off = onImport(handle.id, (st) => {
      setStatus((cur) => newerImportStatus(cur, st))
      if (!st.running) void qc.invalidateQueries()
    })
    return () => {
      live = false
      off()
    }
  }, [handle.id, qc])

  const running = status?.running === true
  // Events carry the progress; while an import runs, its status is also
  // read once a second, so a missed event costs a second, never the bar.
  useEffect(() => {
    if (!running) return
    const t = window.setInterval(() => {
      importStatus(handle.id)
        .then((st) => {
          if (!st) return
          setStatus((cur) => newerImportStatus(cur, st))
          if (!st.running) void qc.invalidateQueries()
        })
        .catch(() => {})
    }, 1000)
    return () => window.clearInterval(t)
  }, [running, handle.id, qc])

  const choose = (pick: () => Promise<string>) => {
    setError('')
    pick()
      .then(async (path) => {
        if (!path) return
        await startImport(handle.id, path, format)
        const st = await importStatus(handle.id)
        if (st) setStatus((cur) => newerImportStatus(cur, st))
      })
      .catch((e) => setError(errorMessage(e)))
  }
  const pct = status ? importPercent(status) : undefined
  return (
    <div className="import-archive" role="group" aria-label={`Import an archive into ${handle.displayName}`} data-testid="import-archive">
      <div className="import-title">Import an official archive</div>
      {!running && (
        <div className="import-controls">
          <label>
            Format{' '}
            <select value={format} onChange={(e) => setFormat(e.target.value)} data-testid="import-format" aria-label="Archive format">
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f === 'auto' ? 'Detect' : f}
                </option>
              ))}
            </select>
          </label>
          <div className="handle-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={() => choose(pickArchive)} data-testid="import-choose-file">
              Choose file…
            </button>
            <button type="button" className="btn btn-small" onClick={() => choose(pickArchiveFolder)} data-testid="import-choose-folder">
              Choose folder…
            </button>
            <button type="button" className="btn btn-small" onClick={onClose} data-testid="import-close">
              Close
            </button>
          </div>
        </div>
      )}
      {status && (
        <div className="import-status" data-testid="import-status" data-running={running ? 'true' : 'false'}>
          <div
            className="import-bar"
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-testid="import-progress"
          >
            <div className="import-bar-fill" style={{ width: `${pct ?? 5}%` }} />
          </div>
          <div className="hint" data-testid="import-counts">
            {running ? 'Importing… ' : status.error ? 'Stopped: ' : 'Imported: '}
            {importCounts(status)}
          </div>
          {status.error && (
            <div className="inline-error" role="alert" data-testid="import-error">
              {status.error}
            </div>
          )}
          {!running && status.skipped.length > 0 && (
            <ul className="import-skipped" data-testid="import-skipped" aria-label="Skipped">
              {status.skipped.map((s) => (
                <li key={s.reason}>
                  {n(s.count)} skipped: {s.reason}
                </li>
              ))}
            </ul>
          )}
          {running && (
            <button type="button" className="btn btn-small" onClick={() => void cancelImport(handle.id)} data-testid="import-cancel">
              Stop (resumes next time)
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
