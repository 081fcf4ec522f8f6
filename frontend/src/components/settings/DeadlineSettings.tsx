import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { formatClock } from '../../lib/deadlines'
import { useNow } from '../../lib/now'
import { errorMessage, type SidebarDTO } from '../../lib/wails'
import {
  deadlineSettings,
  getQuietHours,
  previewCalendar,
  previewPolicy,
  saveCalendar,
  savePolicy,
  setNotify,
  setQuietHours,
  type CalendarDTO,
  type PolicyDTO,
  type PreviewDTO,
  type QuietHoursDTO,
  type TargetDTO,
} from '../../lib/wails/deadlines'
import { CalendarEditor } from './CalendarEditor'

interface Props {
  sidebar: SidebarDTO | undefined
  onClose: () => void
}

const TARGETS: { key: keyof PolicyDTO; label: string }[] = [
  { key: 'firstResponse', label: 'First response' },
  { key: 'nextResponse', label: 'Next response' },
  { key: 'resolution', label: 'Resolution' },
]

function hm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`
}

function parseHM(s: string): number {
  const [h, m] = s.split(':').map(Number)
  return (h || 0) * 60 + (m || 0)
}

/** Calendars, response-time policies and notification settings, per client. */
export function DeadlineSettings({ sidebar, onClose }: Props) {
  const clients = sidebar?.clients ?? []
  const [clientId, setClientId] = useState<number>(clients[0]?.id ?? 0)
  useEffect(() => {
    if (!clientId && clients[0]) setClientId(clients[0].id)
  }, [clientId, clients])
  const client = clients.find((c) => c.id === clientId)
  return (
    <section className="settings-pane" data-testid="deadline-settings" aria-label="Deadline settings">
      <div className="settings-actions">
        <h1>Deadlines &amp; notifications</h1>
        <span className="row-spacer" />
        <button type="button" onClick={onClose} data-testid="settings-close">
          Back to the inbox
        </button>
      </div>
      <label>
        Client{' '}
        <select value={clientId} onChange={(e) => setClientId(Number(e.target.value))} data-testid="settings-client">
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {client ? <ClientSettings key={client.id} clientId={client.id} handles={client.handles} /> : <p>No clients yet.</p>}
      <QuietHoursForm />
    </section>
  )
}

function ClientSettings({ clientId, handles }: { clientId: number; handles: SidebarDTO['clients'][number]['handles'] }) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ['deadline-settings', clientId], queryFn: () => deadlineSettings(clientId) })
  const [cal, setCal] = useState<CalendarDTO | null>(null)
  const [pol, setPol] = useState<PolicyDTO | null>(null)
  const [calErrors, setCalErrors] = useState<Record<string, string>>({})
  useEffect(() => {
    if (q.data) {
      setCal(q.data.calendar)
      setPol(q.data.policy)
    }
  }, [q.data])
  const calDirty = !!q.data && !!cal && JSON.stringify(cal) !== JSON.stringify(q.data.calendar)
  const polDirty = !!q.data && !!pol && JSON.stringify(pol) !== JSON.stringify(q.data.policy)
  const calPreview = usePreview(calDirty && Object.keys(calErrors).length === 0 ? ['cal', clientId, cal] : null, () =>
    previewCalendar(clientId, 0, cal!),
  )
  const polPreview = usePreview(polDirty ? ['pol', clientId, pol] : null, () => previewPolicy(clientId, 0, '', pol!))
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['deadline-settings', clientId] })
    void qc.invalidateQueries({ queryKey: ['conversations'] })
  }
  const saveCal = useMutation({ mutationFn: () => saveCalendar(clientId, 0, cal!), onSuccess: done })
  const savePol = useMutation({ mutationFn: () => savePolicy(clientId, 0, '', pol!), onSuccess: done })
  const notify = useMutation({ mutationFn: (v: { handleId: number; on: boolean }) => setNotify(clientId, v.handleId, v.on), onSuccess: done })

  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!q.data || !cal || !pol) return <p>Loading…</p>
  const s = q.data
  const handleOn = (id: number) => s.handleSwitches.find((h) => h.handleId === id)?.on ?? s.notifyOn

  const setTarget = (key: keyof PolicyDTO, patch: Partial<TargetDTO>) => setPol({ ...pol, [key]: { ...pol[key], ...patch } })
  return (
    <>
      <section data-testid="policy-section">
        <h2>Response targets {s.policyDefault && <span className="settings-note">(defaults — not saved yet)</span>}</h2>
        <table className="settings-table">
          <thead>
            <tr>
              <th />
              <th>Internal (min)</th>
              <th>Published (min, 0 = off)</th>
              <th>Warn before (min)</th>
              <th>Business hours</th>
            </tr>
          </thead>
          <tbody>
            {TARGETS.map((t) => (
              <tr key={t.key} data-testid={`target-${t.key}`}>
                <th scope="row">{t.label}</th>
                <td>
                  <input type="number" min={0} aria-label={`${t.label} internal minutes`} value={pol[t.key].internalMin}
                    onChange={(e) => setTarget(t.key, { internalMin: Number(e.target.value) })} />
                </td>
                <td>
                  <input type="number" min={0} aria-label={`${t.label} published minutes`} value={pol[t.key].publishedMin}
                    onChange={(e) => setTarget(t.key, { publishedMin: Number(e.target.value) })} />
                </td>
                <td>
                  <input type="number" min={0} aria-label={`${t.label} warning minutes`} value={pol[t.key].warnLeadMin}
                    onChange={(e) => setTarget(t.key, { warnLeadMin: Number(e.target.value) })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`${t.label} in business hours`} checked={pol[t.key].businessHours}
                    onChange={(e) => setTarget(t.key, { businessHours: e.target.checked })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <SaveBar dirty={polDirty} preview={polPreview} saving={savePol.isPending} error={savePol.error} onSave={() => savePol.mutate()}
          onReset={() => setPol(s.policy)} testid="policy" />
      </section>

      <section data-testid="calendar-section">
        <h2>Business hours {s.calendarDefault && <span className="settings-note">(defaults — not saved yet)</span>}</h2>
        <CalendarEditor key={JSON.stringify(s.calendar)} cal={cal} computerZone={s.computerZone} onChange={setCal} onErrors={setCalErrors} />
        <SaveBar dirty={calDirty} preview={calPreview} saving={saveCal.isPending} error={saveCal.error}
          blocked={Object.keys(calErrors).length > 0} onSave={() => saveCal.mutate()} onReset={() => setCal(s.calendar)} testid="calendar" />
      </section>

      <section data-testid="notify-section">
        <h2>Notifications</h2>
        <label className="toggle">
          <input type="checkbox" checked={s.notifyOn} onChange={(e) => notify.mutate({ handleId: 0, on: e.target.checked })} data-testid="notify-client" />
          Notify about this client's deadlines
        </label>
        <ul>
          {handles.map((h) => (
            <li key={h.id}>
              <label className="toggle">
                <input type="checkbox" checked={handleOn(h.id)} onChange={(e) => notify.mutate({ handleId: h.id, on: e.target.checked })} />
                {h.displayName || h.username}
              </label>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

/** Asks the back end which open deadlines an unsaved edit would move (debounced). */
function usePreview(key: unknown[] | null, fn: () => Promise<PreviewDTO>) {
  const [debounced, setDebounced] = useState<unknown[] | null>(null)
  const text = JSON.stringify(key)
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(key), 300)
    return () => window.clearTimeout(t)
  }, [text])
  return useQuery({ queryKey: ['deadline-preview', debounced], queryFn: fn, enabled: debounced !== null && key !== null })
}

function SaveBar(props: {
  dirty: boolean
  preview: ReturnType<typeof usePreview>
  saving: boolean
  error: unknown
  blocked?: boolean
  onSave: () => void
  onReset: () => void
  testid: string
}) {
  const now = useNow()
  const p = props.preview
  if (!props.dirty) return null
  return (
    <div className="preview" data-testid={`${props.testid}-preview`}>
      {p.isError && <p className="settings-error">{errorMessage(p.error)}</p>}
      {p.isFetching && <p className="settings-note">Checking which deadlines would move…</p>}
      {p.data && (
        <>
          <p data-testid={`${props.testid}-moves`}>
            {p.data.total === 0 ? 'No open conversation’s deadline would move.' : `${p.data.total} open conversation${p.data.total === 1 ? '' : 's'} would move:`}
          </p>
          {p.data.moves.length > 0 && (
            <table className="settings-table">
              <tbody>
                {p.data.moves.map((m) => (
                  <tr key={`${m.conversationId}-${m.clock}`}>
                    <td>{m.customerName || 'Unknown customer'}</td>
                    <td>{m.handleName}</td>
                    <td>
                      {m.oldInternal ? formatClock(m.oldInternal, now) : 'none'} → {m.newInternal ? formatClock(m.newInternal, now) : 'none'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {!!props.error && <p className="settings-error">{errorMessage(props.error)}</p>}
      <div className="settings-actions">
        <button type="button" onClick={props.onSave} disabled={props.saving || props.blocked || p.isError} data-testid={`${props.testid}-save`}>
          Save
        </button>
        <button type="button" onClick={props.onReset}>
          Discard changes
        </button>
      </div>
    </div>
  )
}

function QuietHoursForm() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ['quiet-hours'], queryFn: getQuietHours })
  const m = useMutation({ mutationFn: (v: QuietHoursDTO) => setQuietHours(v), onSuccess: () => qc.invalidateQueries({ queryKey: ['quiet-hours'] }) })
  if (!q.data) return null
  const v = q.data
  return (
    <section data-testid="quiet-hours">
      <h2>Quiet hours</h2>
      <p className="settings-note">Notifications that fall due in quiet hours are shown, grouped, when they end — none are dropped.</p>
      <div className="settings-actions">
        <label className="toggle">
          <input type="checkbox" checked={v.enabled} onChange={(e) => m.mutate({ ...v, enabled: e.target.checked })} />
          Quiet from
        </label>
        <input type="time" aria-label="Quiet from" value={hm(v.startMin)} onChange={(e) => m.mutate({ ...v, startMin: parseHM(e.target.value) })} />
        to
        <input type="time" aria-label="Quiet until" value={hm(v.endMin)} onChange={(e) => m.mutate({ ...v, endMin: parseHM(e.target.value) })} />
      </div>
      {m.isError && <p className="settings-error">{errorMessage(m.error)}</p>}
    </section>
  )
}
