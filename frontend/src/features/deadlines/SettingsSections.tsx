import { useMutation } from '@tanstack/react-query'
import { errorMessage, type SidebarDTO } from '../../lib/wails'
import type { PartState } from '../../lib/deadlinesEdit'
import { handleCustomized, inheritedText, KINDS, scopeLabel, type PolicySource, type Scope } from '../../lib/deadlinesScope'
import { deleteCalendar, deletePolicy, type CalendarDTO, type DeadlineSettingsDTO, type PolicyDTO, type TargetDTO } from '../../lib/wails/deadlines'
import { CalendarEditor } from './CalendarEditor'

export type Handles = SidebarDTO['clients'][number]['handles']

export function handleName(h: Handles[number] | undefined): string {
  return h ? h.displayName || h.username || `Handle ${h.id}` : 'this handle'
}

const TARGETS: { key: keyof PolicyDTO; label: string; help: string }[] = [
  { key: 'firstResponse', label: 'First response', help: 'a new customer message waits for its first reply' },
  { key: 'nextResponse', label: 'Next response', help: 'the customer wrote again after your reply' },
  { key: 'resolution', label: 'Resolution', help: 'from the first message until it is resolved' },
]

/** The "Applies to" pickers: whole client or one handle, and (policies) a channel kind. */
function ScopePicker(props: {
  what: 'policy' | 'calendar'
  scope: Scope
  handles: Handles
  handleMarked: (handleId: number) => boolean
  customized: (scope: Scope) => boolean
  onChange: (scope: Scope) => void
}) {
  const { what, scope, handles, handleMarked, customized, onChange } = props
  return (
    <div className="settings-actions scope-picker">
      <label>
        Applies to{' '}
        <select value={scope.handleId} onChange={(e) => onChange({ handleId: Number(e.target.value), kind: scope.kind })} data-testid={`${what}-scope-handle`}>
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
              const marked = (k.value !== '' || scope.handleId !== 0) && customized({ handleId: scope.handleId, kind: k.value })
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
  st: PartState<unknown>
  removing: boolean
  removeError: unknown
  onCustomize: () => void
  onRemove: () => void
}) {
  const { what, scope, name, st } = props
  if (st.wide) return null
  const customizeLabel = scope.handleId ? (scope.kind ? 'Customize for this handle & channel' : 'Customize for this handle') : 'Customize for this channel'
  return (
    <div className="scope-state" data-testid={`${what}-scope-state`} data-own={st.own ? 'true' : 'false'}>
      {st.own ? (
        <span className="scope-own">Customized for {scopeLabel(scope, name)}</span>
      ) : (
        <span className="settings-note">
          {st.customizing ? `New override for ${scopeLabel(scope, name)} (not saved yet)` : inheritedText(what, st.from as PolicySource, scope.kind, name)}
        </span>
      )}
      {!st.own && !st.customizing && (
        <button type="button" className="btn" onClick={props.onCustomize} data-testid={`${what}-customize`}>
          {customizeLabel}
        </button>
      )}
      {st.own && (
        <button type="button" className="btn" onClick={props.onRemove} disabled={props.removing} data-testid={`${what}-remove`}>
          Remove override
        </button>
      )}
      {!!props.removeError && <span className="settings-error">{errorMessage(props.removeError)}</span>}
    </div>
  )
}

interface SectionProps<T> {
  s: DeadlineSettingsDTO
  clientId: number
  handles: Handles
  st: PartState<T>
  setDraft: (v: T | null) => void
  /** After a removal: refetch what is stored. */
  done: () => Promise<unknown>
}

export function PolicySection(props: SectionProps<PolicyDTO> & { scope: Scope; pick: (sc: Scope) => void }) {
  const { s, clientId, handles, st, setDraft, done, scope, pick } = props
  const name = handleName(handles.find((h) => h.id === scope.handleId))
  const remove = useMutation({
    mutationFn: () => deletePolicy(clientId, scope.handleId, scope.kind),
    onSuccess: async () => {
      await done()
      setDraft(null)
    },
  })
  const customized = (sc: Scope) =>
    sc.handleId === 0 && sc.kind === '' ? !s.policyDefault : s.narrowed.some((n) => n.handleId === sc.handleId && n.kind === sc.kind)
  const overrides = s.narrowed.map((n) => ({ handleId: n.handleId, kind: n.kind }))
  const pol = st.value
  const setTarget = (key: keyof PolicyDTO, patch: Partial<TargetDTO>) => setDraft({ ...pol, [key]: { ...pol[key], ...patch } })
  return (
    <section data-testid="policy-section" className="settings-card" aria-labelledby="policy-title">
      <h2 id="policy-title">
        Response targets {st.wide && s.policyDefault && <span className="settings-note">(the defaults — in use until you change them)</span>}
      </h2>
      <p className="settings-note">How soon you aim to answer (your goal), and what you promise customers. 0 turns a promise off.</p>
      <ScopePicker what="policy" scope={scope} handles={handles} customized={customized} onChange={pick} handleMarked={(id) => handleCustomized(s, id, 'policy')} />
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
      <ScopeState what="policy" scope={scope} name={name} st={st} removing={remove.isPending} removeError={remove.error}
        onCustomize={() => setDraft(structuredClone(st.value))} onRemove={() => remove.mutate()} />
      <fieldset className="scope-fieldset" disabled={!st.editable} data-testid="policy-fields">
        <legend className="sr-only">Response targets</legend>
        <table className="settings-table targets-table">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Your goal (min)</th>
              <th scope="col">Promise to customer (min)</th>
              <th scope="col">Warn before (min)</th>
              <th scope="col">Count business hours only</th>
            </tr>
          </thead>
          <tbody>
            {TARGETS.map((t) => (
              <tr key={t.key} data-testid={`target-${t.key}`}>
                <th scope="row">
                  {t.label}
                  <span className="settings-note target-help">{t.help}</span>
                </th>
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
    </section>
  )
}

export function CalendarSection(
  props: SectionProps<CalendarDTO> & { handleId: number; pick: (handleId: number) => void; resets: number; onErrors: (e: Record<string, string>) => void },
) {
  const { s, clientId, handles, st, setDraft, done, handleId, pick } = props
  const scope: Scope = { handleId, kind: '' }
  const name = handleName(handles.find((h) => h.id === handleId))
  const remove = useMutation({
    mutationFn: () => deleteCalendar(clientId, handleId),
    onSuccess: async () => {
      await done()
      setDraft(null)
    },
  })
  const customized = (sc: Scope) => (sc.handleId === 0 ? !s.calendarDefault : handleCustomized(s, sc.handleId, 'calendar'))
  return (
    <section data-testid="calendar-section" className="settings-card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">
        Business hours {st.wide && s.calendarDefault && <span className="settings-note">(the defaults — in use until you change them)</span>}
      </h2>
      <p className="settings-note">Targets that count business hours only pause outside these hours, on holidays and on closed dates.</p>
      <ScopePicker what="calendar" scope={scope} handles={handles} customized={customized} onChange={(sc) => pick(sc.handleId)}
        handleMarked={(id) => handleCustomized(s, id, 'calendar')} />
      <ScopeState what="calendar" scope={scope} name={name} st={st} removing={remove.isPending} removeError={remove.error}
        onCustomize={() => setDraft(structuredClone(st.value))} onRemove={() => remove.mutate()} />
      <fieldset className="scope-fieldset" disabled={!st.editable} data-testid="calendar-fields">
        <legend className="sr-only">Business hours</legend>
        <CalendarEditor
          key={`${handleId}:${st.editable}:${props.resets}`}
          cal={st.value}
          computerZone={s.computerZone}
          onChange={setDraft}
          onErrors={props.onErrors}
          disabled={!st.editable}
        />
      </fieldset>
    </section>
  )
}
