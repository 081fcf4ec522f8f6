import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { formatClock } from '../../lib/deadlines'
import { useNow } from '../../lib/now'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage } from '../../lib/wails'
import { previewSettings, type SettingsDraftDTO } from '../../lib/wails/deadlines'

/**
 * Asks the back end which open deadlines the unsaved edit would move. The
 * key names the stored settings it is measured against (their fetch time),
 * so an answer computed before a save is never shown after it; and while a
 * new answer is pending the old one is not shown at all.
 */
export function useSettingsPreview(clientId: number, basis: number, draft: SettingsDraftDTO | null) {
  const key = draft ? JSON.stringify([clientId, basis, draft]) : null
  const [debounced, setDebounced] = useState<string | null>(null)
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(key), 250)
    return () => window.clearTimeout(t)
  }, [key])
  const settled = key !== null && debounced === key
  const q = useQuery({
    queryKey: queryKeys.deadlinePreview(debounced),
    queryFn: () => previewSettings(clientId, draft!),
    enabled: settled,
    staleTime: 0,
    retry: false,
  })
  const current = settled && !q.isFetching
  return { data: current ? q.data : undefined, error: current ? q.error : null, checking: key !== null && !current }
}

type Preview = ReturnType<typeof useSettingsPreview>

/** The one Save of the screen, with the live preview of what it would move. */
export function SettingsSaveBar(props: {
  dirty: boolean
  preview: Preview
  saving: boolean
  error: unknown
  problem: string | null
  onSave: () => void
  onDiscard: () => void
}) {
  const now = useNow()
  const p = props.preview
  const [open, setOpen] = useState(false)
  const blocked = !!props.problem || !!p.error
  return (
    <div className={props.dirty ? 'save-bar dirty' : 'save-bar'} data-testid="settings-save-bar" role="region" aria-label="Save changes">
      <div className="save-bar-status" aria-live="polite" data-testid="settings-preview">
        {!props.dirty && <span className="settings-note">All changes saved.</span>}
        {props.dirty && props.problem && <span className="settings-error">{props.problem}</span>}
        {props.dirty && !props.problem && p.error && <span className="settings-error">{errorMessage(p.error)}</span>}
        {props.dirty && !props.problem && p.checking && <span className="settings-note">Checking which deadlines would move…</span>}
        {props.dirty && !props.problem && p.data && (
          <span data-testid="settings-moves">
            {p.data.total === 0 ? 'Unsaved changes — no open conversation’s deadline would move.' : `Unsaved changes — ${p.data.total} open conversation${p.data.total === 1 ? '' : 's'} would move.`}{' '}
            {p.data.moves.length > 0 && (
              <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="settings-moves-toggle">
                {open ? 'Hide' : 'Show which'}
              </button>
            )}
          </span>
        )}
        {!!props.error && (
          <span className="settings-error" role="alert">
            {' '}
            {errorMessage(props.error)}
          </span>
        )}
      </div>
      <div className="save-bar-actions">
        <button type="button" className="btn" onClick={props.onDiscard} disabled={!props.dirty || props.saving}>
          Discard changes
        </button>
        <button type="button" className="btn btn-primary" onClick={props.onSave} disabled={!props.dirty || props.saving || blocked} data-testid="settings-save">
          {props.saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {open && props.dirty && p.data && p.data.moves.length > 0 && (
        <table className="settings-table moves-table" data-testid="settings-moves-list">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Handle</th>
              <th scope="col">Deadline</th>
            </tr>
          </thead>
          <tbody>
            {p.data.moves.map((m) => (
              <tr key={`${m.conversationId}-${m.clock}`}>
                <td><bdi>{m.customerName || 'Unknown customer'}</bdi></td>
                <td><bdi>{m.handleName}</bdi></td>
                <td>
                  {m.clock === 'resolution' ? 'Resolution ' : 'Reply '}
                  {m.oldInternal ? formatClock(m.oldInternal, now) : 'none'} → {m.newInternal ? formatClock(m.newInternal, now) : 'none'}
                </td>
              </tr>
            ))}
          </tbody>
          {p.data.total > p.data.moves.length && (
            <tfoot>
              <tr>
                <td colSpan={3} className="settings-note">
                  …and {p.data.total - p.data.moves.length} more
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </div>
  )
}

/** Asks before leaving with unsaved changes: save, discard, or stay. */
export function LeaveDialog(props: { saving: boolean; error: unknown; canSave: boolean; onSave: () => void; onDiscard: () => void; onStay: () => void }) {
  const stay = useRef<HTMLButtonElement>(null)
  const onStay = useRef(props.onStay)
  onStay.current = props.onStay
  useEffect(() => {
    stay.current?.focus() // once: the safe choice first
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onStay.current()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div className="modal-backdrop" role="presentation" onClick={props.onStay}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="leave-title" aria-describedby="leave-text"
        onClick={(e) => e.stopPropagation()} data-testid="leave-dialog">
        <h2 id="leave-title">Save your changes?</h2>
        <p id="leave-text">You changed the response targets or business hours and have not saved them yet.</p>
        {!!props.error && <p className="inline-error" role="alert">{errorMessage(props.error)}</p>}
        <div className="modal-actions">
          <button type="button" className="btn" ref={stay} onClick={props.onStay} data-testid="leave-stay">
            Keep editing
          </button>
          <button type="button" className="btn" onClick={props.onDiscard} data-testid="leave-discard">
            Discard changes
          </button>
          <button type="button" className="btn btn-primary" onClick={props.onSave} disabled={!props.canSave || props.saving} data-testid="leave-save">
            {props.saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
    </div>
  )
}
