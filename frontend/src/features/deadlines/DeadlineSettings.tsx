import { PublicCloseSettings } from './PublicCloseSettings'
import './deadlines.css'
import { queryKeys } from '../../lib/queryKeys'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { formatClock } from '../../lib/deadlines'
import { useNow } from '../../lib/now'
import { errorMessage, type SidebarDTO } from '../../lib/wails'
import {
  effectiveCalendar,
  effectivePolicy,
  handleCustomized,
  inheritedText,
  KINDS,
  scopeLabel,
  type PolicySource,
  type Scope,
} from '../../lib/deadlinesScope'
import {
  deadlineSettings,
  deleteCalendar,
  deletePolicy,
  getQuietHours,
  previewCalendar,
  previewPolicy,
  saveCalendar,
  savePolicy,
  setNotify,
  setQuietHours,
  type CalendarDTO,
  type DeadlineSettingsDTO,
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

type Handles = SidebarDTO['clients'][number]['handles']

function ClientSettings({ clientId, handles }: { clientId: number; handles: Handles }) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.deadlineSettings(clientId), queryFn: () => deadlineSettings(clientId) })
  const done = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.deadlineSettings(clientId) }),
      qc.invalidateQueries({ queryKey: queryKeys.conversations }),
    ])
  const notify = useMutation({ mutationFn: (v: { handleId: number; on: boolean }) => setNotify(clientId, v.handleId, v.on), onSuccess: done })

  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!q.data) return <p>Loading…</p>
  const s = q.data
  const handleOn = (id: number) => s.handleSwitches.find((h) => h.handleId === id)?.on ?? s.notifyOn
  return (
    <>
      <PolicySection s={s} clientId={clientId} handles={handles} done={done} />
      <CalendarSection s={s} clientId={clientId} handles={handles} done={done} />
      <PublicCloseSettings clientId={clientId} />

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
                {handleName(h)}
              </label>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

function handleName(h: Handles[number] | undefined): string {
  return h ? h.displayName || h.username || `Handle ${h.id}` : 'this handle'
}

interface SectionProps {
  s: DeadlineSettingsDTO
  clientId: number
  handles: Handles
  done: () => Promise<unknown>
}

/** The "Applies to" pickers: whole client or one handle, and (policies) a channel kind. */
function ScopePicker(props: {
  what: 'policy' | 'calendar'
  scope: Scope
  handles: Handles
  /** Something is saved for this handle (at any channel kind). */
  handleMarked: (handleId: number) => boolean
  /** Something is saved at exactly this scope. */
  customized: (scope: Scope) => boolean
  onChange: (scope: Scope) => void
}) {
  const { what, scope, handles, handleMarked, customized, onChange } = props
  return (
    <div className="settings-actions scope-picker">
      <label>
        Applies to{' '}
        <select
          value={scope.handleId}
          onChange={(e) => onChange({ handleId: Number(e.target.value), kind: scope.kind })}
          data-testid={`${what}-scope-handle`}
        >
          <option value={0}>Whole client</option>
          {handles.map((h) => (
            <option key={h.id} value={h.id}>
              {handleName(h) + (handleMarked(h.id) ? ' — customized' : '')}
            </option>
          ))}
        </select>
      </label>
      {what === 'policy' && (
        <label>
          Channel{' '}
          <select value={scope.kind} onChange={(e) => onChange({ handleId: scope.handleId, kind: e.target.value })} data-testid="policy-scope-kind">
            {KINDS.map((k) => {
              const sc = { handleId: scope.handleId, kind: k.value }
              const marked = (k.value !== '' || scope.handleId !== 0) && customized(sc)
              return (
                <option key={k.value} value={k.value}>
                  {k.label + (marked ? ' — customized' : '')}
                </option>
              )
            })}
          </select>
        </label>
      )}
    </div>
  )
}

/** Which scope is in effect, with the actions to customize it or remove the override. */
function ScopeState(props: {
  what: 'policy' | 'calendar'
  scope: Scope
  name: string
  own: boolean
  from: string
  customizing: boolean
  removing: boolean
  removeError: unknown
  onCustomize: () => void
  onRemove: () => void
}) {
  const { what, scope, name, own, customizing } = props
  const wide = scope.handleId === 0 && scope.kind === ''
  if (wide) return null
  const customizeLabel = scope.handleId ? (scope.kind ? 'Customize for this handle & channel' : 'Customize for this handle') : 'Customize for this channel'
  return (
    <div className="scope-state" data-testid={`${what}-scope-state`} data-own={own ? 'true' : 'false'}>
      {own ? (
        <span className="scope-own">Customized for {scopeLabel(scope, name)}</span>
      ) : (
        <span className="settings-note">
          {customizing ? `New override for ${scopeLabel(scope, name)} (not saved yet)` : inheritedText(what, props.from as PolicySource, scope.kind, name)}
        </span>
      )}
      {!own && !customizing && (
        <button type="button" onClick={props.onCustomize} data-testid={`${what}-customize`}>
          {customizeLabel}
        </button>
      )}
      {own && (
        <button type="button" onClick={props.onRemove} disabled={props.removing} data-testid={`${what}-remove`}>
          Remove override
        </button>
      )}
      {!!props.removeError && <span className="settings-error">{errorMessage(props.removeError)}</span>}
    </div>
  )
}

function PolicySection({ s, clientId, handles, done }: SectionProps) {
  const [scope, setScope] = useState<Scope>({ handleId: 0, kind: '' })
  const [draft, setDraft] = useState<PolicyDTO | null>(null)
  const eff = effectivePolicy(s, scope)
  const wide = scope.handleId === 0 && scope.kind === ''
  const customizing = !eff.own && !wide && draft !== null
  const editable = eff.own || wide || customizing
  const pol = draft ?? eff.value
  const dirty = draft !== null && (customizing || JSON.stringify(draft) !== JSON.stringify(eff.value))
  const name = handleName(handles.find((h) => h.id === scope.handleId))
  const preview = usePreview(dirty ? ['pol', clientId, scope.handleId, scope.kind, draft] : null, () =>
    previewPolicy(clientId, scope.handleId, scope.kind, draft!),
  )
  const save = useMutation({
    mutationFn: () => savePolicy(clientId, scope.handleId, scope.kind, draft!),
    onSuccess: async () => {
      await done()
      setDraft(null)
    },
  })
  const remove = useMutation({ mutationFn: () => deletePolicy(clientId, scope.handleId, scope.kind), onSuccess: done })
  const pick = (sc: Scope) => {
    setScope(sc)
    setDraft(null)
    save.reset()
    remove.reset()
  }
  const customized = (sc: Scope) =>
    sc.handleId === 0 && sc.kind === '' ? !s.policyDefault : s.narrowed.some((n) => n.handleId === sc.handleId && n.kind === sc.kind)
  const overrides = s.narrowed.map((n) => ({ handleId: n.handleId, kind: n.kind }))
  const setTarget = (key: keyof PolicyDTO, patch: Partial<TargetDTO>) => setDraft({ ...pol, [key]: { ...pol[key], ...patch } })
  return (
    <section data-testid="policy-section">
      <h2>
        Response targets {wide && s.policyDefault && <span className="settings-note">(defaults — not saved yet)</span>}
      </h2>
      <ScopePicker what="policy" scope={scope} handles={handles} customized={customized} onChange={pick}
        handleMarked={(id) => handleCustomized(s, id, 'policy')} />
      {overrides.length > 0 && (
        <p className="settings-note" data-testid="policy-overrides">
          Overrides:{' '}
          {overrides.map((o, i) => (
            <span key={`${o.handleId}-${o.kind}`}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => pick(o)}>
                {scopeLabel(o, handleName(handles.find((h) => h.id === o.handleId)))}
              </button>
            </span>
          ))}
        </p>
      )}
      <ScopeState what="policy" scope={scope} name={name} own={eff.own} from={eff.from} customizing={customizing}
        removing={remove.isPending} removeError={remove.error} onCustomize={() => setDraft(eff.value)} onRemove={() => remove.mutate()} />
      <fieldset className="scope-fieldset" disabled={!editable} data-testid="policy-fields">
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
      </fieldset>
      <SaveBar dirty={dirty} preview={preview} saving={save.isPending} error={save.error} onSave={() => save.mutate()}
        onReset={() => setDraft(null)} testid="policy" />
    </section>
  )
}

function CalendarSection({ s, clientId, handles, done }: SectionProps) {
  const [handleId, setHandleId] = useState(0)
  const [draft, setDraft] = useState<CalendarDTO | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [resets, setResets] = useState(0)
  const scope: Scope = { handleId, kind: '' }
  const eff = effectiveCalendar(s, handleId)
  const wide = handleId === 0
  const customizing = !eff.own && !wide && draft !== null
  const editable = eff.own || wide || customizing
  const cal = draft ?? eff.value
  const dirty = draft !== null && (customizing || JSON.stringify(draft) !== JSON.stringify(eff.value))
  const blocked = Object.keys(errors).length > 0
  const name = handleName(handles.find((h) => h.id === handleId))
  const preview = usePreview(dirty && !blocked ? ['cal', clientId, handleId, draft] : null, () => previewCalendar(clientId, handleId, draft!))
  const reset = () => {
    setDraft(null)
    setErrors({})
    setResets((n) => n + 1)
  }
  const save = useMutation({
    mutationFn: () => saveCalendar(clientId, handleId, draft!),
    onSuccess: async () => {
      await done()
      reset()
    },
  })
  const remove = useMutation({ mutationFn: () => deleteCalendar(clientId, handleId), onSuccess: async () => {
    await done()
    reset()
  } })
  const pick = (sc: Scope) => {
    setHandleId(sc.handleId)
    reset()
    save.reset()
    remove.reset()
  }
  const customized = (sc: Scope) => (sc.handleId === 0 ? !s.calendarDefault : handleCustomized(s, sc.handleId, 'calendar'))
  return (
    <section data-testid="calendar-section">
      <h2>
        Business hours {wide && s.calendarDefault && <span className="settings-note">(defaults — not saved yet)</span>}
      </h2>
      <ScopePicker what="calendar" scope={scope} handles={handles} customized={customized} onChange={pick}
        handleMarked={(id) => handleCustomized(s, id, 'calendar')} />
      <ScopeState what="calendar" scope={scope} name={name} own={eff.own} from={eff.from} customizing={customizing}
        removing={remove.isPending} removeError={remove.error} onCustomize={() => setDraft(eff.value)} onRemove={() => remove.mutate()} />
      <fieldset className="scope-fieldset" disabled={!editable} data-testid="calendar-fields">
        <CalendarEditor
          key={`${handleId}:${editable}:${resets}:${JSON.stringify(eff.value)}`}
          cal={cal}
          computerZone={s.computerZone}
          onChange={setDraft}
          onErrors={setErrors}
        />
      </fieldset>
      <SaveBar dirty={dirty} preview={preview} saving={save.isPending} error={save.error} blocked={blocked}
        onSave={() => save.mutate()} onReset={reset} testid="calendar" />
    </section>
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
  return useQuery({ queryKey: queryKeys.deadlinePreview(debounced), queryFn: fn, enabled: debounced !== null && key !== null })
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
  const q = useQuery({ queryKey: queryKeys.quietHours, queryFn: getQuietHours })
  const m = useMutation({ mutationFn: (v: QuietHoursDTO) => setQuietHours(v), onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.quietHours }) })
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
