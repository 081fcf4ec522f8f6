import { PublicCloseSettings } from './PublicCloseSettings'
import './deadlines.css'
import { queryKeys } from '../../lib/queryKeys'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { errorMessage, setPublicCloseSettings, type PublicCloseSettingsDTO, type SidebarDTO } from '../../lib/wails'
import { editState, NO_EDIT, type SettingsEdit } from '../../lib/deadlinesEdit'
import { deadlineSettings, getQuietHours, saveSettings, setNotify, setQuietHours, type QuietHoursDTO } from '../../lib/wails/deadlines'
import { CalendarSection, handleName, PolicySection, type Handles } from './SettingsSections'
import { LeaveDialog, SettingsSaveBar, useSettingsPreview } from './SettingsSaveBar'

interface Props {
  sidebar: SidebarDTO | undefined
  onClose: () => void
}

function hm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`
}

function parseHM(s: string): number {
  const [h, m] = s.split(':').map(Number)
  return (h || 0) * 60 + (m || 0)
}

/** What the open client's form reports up, so leaving can ask first. */
interface Guard {
  dirty: boolean
  canSave: boolean
  save: () => Promise<void>
  discard: () => void
}

/** Calendars, response-time policies and notification settings, per client, with one Save. */
export function DeadlineSettings({ sidebar, onClose }: Props) {
  const clients = sidebar?.clients ?? []
  const [clientId, setClientId] = useState<number>(clients[0]?.id ?? 0)
  useEffect(() => {
    if (!clientId && clients[0]) setClientId(clients[0].id)
  }, [clientId, clients])
  const client = clients.find((c) => c.id === clientId)
  const guard = useRef<Guard>({ dirty: false, canSave: false, save: async () => {}, discard: () => {} })
  const [leaving, setLeaving] = useState<(() => void) | null>(null)
  const [leaveSaving, setLeaveSaving] = useState(false)
  const [leaveError, setLeaveError] = useState<unknown>(null)
  const [, setDirtyShown] = useState(false)

  // Closing the window with unsaved changes asks too.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!guard.current.dirty) return
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onUnload)
    return () => window.removeEventListener('beforeunload', onUnload)
  }, [])

  const ask = (then: () => void) => {
    if (!guard.current.dirty) return then()
    setLeaveError(null)
    setLeaving(() => then)
  }

  return (
    <section className="settings-pane deadlines-pane" data-testid="deadline-settings" aria-label="Deadline settings">
      <header className="settings-head">
        <h1>Deadlines &amp; notifications</h1>
        <label className="settings-client">
          Client{' '}
          <select value={clientId} onChange={(e) => { const id = Number(e.target.value); ask(() => setClientId(id)) }} data-testid="settings-client">
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <span className="row-spacer" />
        <button type="button" className="btn" onClick={() => ask(onClose)} data-testid="settings-close">
          Back to the inbox
        </button>
      </header>
      <div className="settings-body">
        {client ? (
          <ClientSettings key={client.id} clientId={client.id} handles={client.handles} guard={guard} onDirty={setDirtyShown} ask={ask} />
        ) : (
          <p>No clients yet.</p>
        )}
        <QuietHoursForm />
      </div>
      {leaving && (
        <LeaveDialog
          saving={leaveSaving}
          error={leaveError}
          canSave={guard.current.canSave}
          onStay={() => setLeaving(null)}
          onDiscard={() => {
            guard.current.discard()
            const then = leaving
            setLeaving(null)
            then()
          }}
          onSave={() => {
            setLeaveSaving(true)
            guard.current
              .save()
              .then(() => {
                const then = leaving
                setLeaving(null)
                then()
              })
              .catch(setLeaveError)
              .finally(() => setLeaveSaving(false))
          }}
        />
      )}
    </section>
  )
}

function ClientSettings(props: {
  clientId: number
  handles: Handles
  guard: React.MutableRefObject<Guard>
  onDirty: (dirty: boolean) => void
  ask: (then: () => void) => void
}) {
  const { clientId, handles, guard, onDirty, ask } = props
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.deadlineSettings(clientId), queryFn: () => deadlineSettings(clientId) })
  const [edit, setEdit] = useState<SettingsEdit>(NO_EDIT)
  const [textErrors, setTextErrors] = useState<Record<string, string>>({})
  const [resets, setResets] = useState(0)
  const [closeDraft, setCloseDraft] = useState<PublicCloseSettingsDTO | null>(null)
  const [closeResets, setCloseResets] = useState(0)
  const done = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.deadlineSettings(clientId) }),
      qc.invalidateQueries({ queryKey: queryKeys.conversations }),
      qc.invalidateQueries({ queryKey: ['deadline-preview'] }),
    ])
  const st = q.data ? editState(q.data, edit) : null
  const closeDirty = closeDraft !== null
  const dirty = !!st?.dirty || closeDirty
  const textProblem = Object.values(textErrors)[0] ?? null
  const problem = (st?.calendar.dirty && textProblem) || st?.problem || (closeDraft && !closeDraft.reply.trim() ? 'The closing reply is empty.' : null)
  const preview = useSettingsPreview(clientId, q.dataUpdatedAt, st?.dirty && !problem ? st.draft : null)

  const discard = () => {
    setEdit((e) => ({ ...e, policy: null, calendar: null }))
    setTextErrors({})
    setResets((n) => n + 1)
    setCloseDraft(null)
    setCloseResets((n) => n + 1)
  }
  const save = useMutation({
    mutationFn: async () => {
      if (st?.dirty) await saveSettings(clientId, st.draft)
      if (closeDraft) {
        await setPublicCloseSettings(clientId, closeDraft)
        await qc.invalidateQueries({ queryKey: queryKeys.publicCloseSettings(clientId) })
      }
    },
    onSuccess: async () => {
      await done()
      discard()
    },
  })
  const notify = useMutation({
    mutationFn: (v: { handleId: number; on: boolean }) => setNotify(clientId, v.handleId, v.on),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.deadlineSettings(clientId) }),
  })

  guard.current = {
    dirty,
    canSave: dirty && !problem,
    save: () => save.mutateAsync(),
    discard,
  }
  useEffect(() => onDirty(dirty), [dirty, onDirty])

  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!q.data || !st) return <p>Loading…</p>
  const s = q.data
  const handleOn = (id: number) => s.handleSwitches.find((h) => h.handleId === id)?.on ?? s.notifyOn
  return (
    <>
      <div className="settings-columns">
        <PolicySection
          s={s}
          clientId={clientId}
          handles={handles}
          st={st.policy}
          scope={edit.policyScope}
          setDraft={(policy) => setEdit((e) => ({ ...e, policy }))}
          pick={(policyScope) => (st.policy.dirty ? ask : (f: () => void) => f())(() => setEdit((e) => ({ ...e, policyScope, policy: null })))}
          done={done}
        />
        <CalendarSection
          s={s}
          clientId={clientId}
          handles={handles}
          st={st.calendar}
          handleId={edit.calendarHandleId}
          setDraft={(calendar) => setEdit((e) => ({ ...e, calendar }))}
          pick={(calendarHandleId) =>
            (st.calendar.dirty ? ask : (f: () => void) => f())(() => {
              setEdit((e) => ({ ...e, calendarHandleId, calendar: null }))
              setTextErrors({})
              setResets((n) => n + 1)
            })
          }
          resets={resets}
          onErrors={setTextErrors}
          done={done}
        />
        <PublicCloseSettings key={closeResets} clientId={clientId} onDraft={setCloseDraft} />
      </div>
      <SettingsSaveBar
        dirty={dirty}
        preview={preview}
        saving={save.isPending}
        error={save.error}
        problem={problem || null}
        onSave={() => save.mutate()}
        onDiscard={() => {
          discard()
          save.reset()
        }}
      />

      <section data-testid="notify-section" className="settings-card" aria-labelledby="notify-title">
        <h2 id="notify-title">Notifications</h2>
        <p className="settings-note">These switches take effect at once.</p>
        <label className="toggle">
          <input type="checkbox" checked={s.notifyOn} onChange={(e) => notify.mutate({ handleId: 0, on: e.target.checked })} data-testid="notify-client" />
          Notify about this client's deadlines
        </label>
        <ul className="plain-list">
          {handles.map((h) => (
            <li key={h.id}>
              <label className="toggle">
                <input type="checkbox" checked={handleOn(h.id)} onChange={(e) => notify.mutate({ handleId: h.id, on: e.target.checked })} />
                <bdi>{handleName(h)}</bdi>
              </label>
            </li>
          ))}
        </ul>
        {notify.isError && <p className="settings-error">{errorMessage(notify.error)}</p>}
      </section>
    </>
  )
}

function QuietHoursForm() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.quietHours, queryFn: getQuietHours })
  const m = useMutation({ mutationFn: (v: QuietHoursDTO) => setQuietHours(v), onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.quietHours }) })
  if (!q.data) return null
  const v = q.data
  return (
    <section data-testid="quiet-hours" className="settings-card" aria-labelledby="quiet-title">
      <h2 id="quiet-title">Quiet hours</h2>
      <p className="settings-note">Notifications that fall due in quiet hours are shown, grouped, when they end — none are dropped. Takes effect at once.</p>
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
