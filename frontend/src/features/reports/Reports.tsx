import './reports.css'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { saveFile } from '../../lib/download'
import { networkInfo } from '../../lib/networks'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, type SidebarDTO } from '../../lib/wails'
import { clientReport, report, type ReportScope } from '../../lib/wails/reports'
import { Insights } from './Insights'
import { customPeriodError, dayCount, MAX_CUSTOM_DAYS, PRESETS, presetDays, previousDays, type Days, type PresetId } from './periods'
import { ReportBody } from './ReportBody'
import { ANY_SCOPE, changeScope, handleChoices, handleName, KINDS, networkChoices, scopeWords } from './scope'

interface Props {
  sidebar: SidebarDTO | undefined
  /** Opens a conversation (a breach's) in the inbox. */
  onOpen: (conversationId: number) => void
  /** Opens the inbox search with a query (an insight's term or issue). */
  onSearch?: (query: string) => void
  onClose: () => void
  /** Today, for the period presets (tests pin it). */
  today?: Date
}

type PeriodId = PresetId | 'custom'

/**
 * The Reports screen (issue 11): is the promise kept? Figures of one scope and
 * period beside the previous period, charts with their tables, per handle
 * and per network, the breaches (each opens its conversation), volume by
 * hour of the week over the staffed hours, insights, CSV and client reports.
 */
export function Reports({ sidebar, onOpen, onSearch, onClose, today }: Props) {
  const [scope, setScope] = useState<ReportScope>(ANY_SCOPE)
  const [period, setPeriod] = useState<PeriodId>('this-month')
  const [custom, setCustom] = useState<Days>({ from: '', to: '' })
  const now = today ?? new Date()
  const presetOf = period === 'custom' ? null : period
  const customError = period === 'custom' ? customPeriodError(custom.from, custom.to) : null
  const days = presetOf ? presetDays(presetOf, now) : custom
  const valid = customError === null
  const q = useQuery({
    queryKey: queryKeys.report(scope, days.from, days.to),
    queryFn: () => report(scope, days.from, days.to),
    enabled: valid,
  })
  const r = valid ? q.data : undefined
  const clients = sidebar?.clients ?? []
  const set = (patch: Partial<ReportScope>) => setScope((s) => changeScope(sidebar, s, patch))
  const prev = previousDays(days)
  const n = dayCount(days)
  const periodName = `${days.from}-${days.to}`
  return (
    <section
      className="reports-pane"
      data-testid="reports"
      aria-label="Reports"
      aria-busy={q.isFetching}
      data-report-for={r ? `${scope.clientId} ${days.from} ${days.to}` : ''}
      data-report-scope={r ? `${scope.clientId} ${scope.handleId} ${scope.network} ${scope.kind} ${days.from} ${days.to}` : ''}
    >
      <div className="reports-head">
        <h1>Reports</h1>
        <span className="reports-spacer" />
        <button type="button" onClick={onClose} data-testid="reports-close">
          Back to the inbox
        </button>
      </div>
      <div className="reports-controls" role="group" aria-label="What the report covers">
        <label>
          Client{' '}
          <select value={scope.clientId} onChange={(e) => set({ clientId: Number(e.target.value) })} data-testid="report-client">
            <option value={0}>All clients</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Network{' '}
          <select value={scope.network} onChange={(e) => set({ network: e.target.value })} data-testid="report-network">
            <option value="">Every network</option>
            {networkChoices(sidebar, scope.clientId).map((n) => (
              <option key={n} value={n}>
                {networkInfo(n).label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Handle{' '}
          <select value={scope.handleId} onChange={(e) => set({ handleId: Number(e.target.value) })} data-testid="report-handle">
            <option value={0}>Every handle</option>
            {handleChoices(sidebar, scope).map((h) => (
              <option key={h.id} value={h.id}>
                {handleName(h)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel{' '}
          <select value={scope.kind} onChange={(e) => set({ kind: e.target.value })} data-testid="report-kind">
            <option value="">Every channel kind</option>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="reports-controls">
        <div className="segmented" role="group" aria-label="Period" data-testid="report-period">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" className="segment" aria-pressed={period === p.id} onClick={() => setPeriod(p.id)} data-preset={p.id}>
              {p.label}
            </button>
          ))}
          <button
            type="button"
            className="segment"
            aria-pressed={period === 'custom'}
            data-preset="custom"
            onClick={() => {
              if (period !== 'custom') setCustom(days)
              setPeriod('custom')
            }}
          >
            Custom
          </button>
        </div>
        {period === 'custom' && (
          <fieldset className="reports-custom" data-testid="report-custom">
            <legend className="sr-only">Custom period, both days included</legend>
            <label>
              From{' '}
              <input
                type="date"
                value={custom.from}
                max={custom.to || undefined}
                onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
                aria-invalid={customError !== null}
                aria-describedby="report-custom-error"
                data-testid="report-from"
              />
            </label>
            <label>
              to{' '}
              <input
                type="date"
                value={custom.to}
                min={custom.from || undefined}
                onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
                aria-invalid={customError !== null}
                aria-describedby="report-custom-error"
                data-testid="report-to"
              />
            </label>
            <span id="report-custom-error" className="reports-error" role={customError ? 'alert' : undefined} data-testid="report-custom-error">
              {customError ?? `Both days included; at most ${MAX_CUSTOM_DAYS} days.`}
            </span>
          </fieldset>
        )}
        <span className="reports-spacer" />
        <ClientReportButtons scope={scope} days={days} disabled={!valid} />
      </div>
      <p className="reports-scope" data-testid="report-scope-words">
        <bdi>{scopeWords(sidebar, scope)}</bdi>
      </p>
      {valid && (
        <p className="reports-days" data-testid="report-days">
          {days.from} to {days.to} (included){r ? `, in ${r.zone}` : ''}, beside the {n === 1 ? 'day' : `${n} days`} before ({prev.from} to {prev.to}).
        </p>
      )}
      <PeriodRules />
      {q.isError && valid && (
        <div className="reports-empty" role="alert">
          {errorMessage(q.error)}
        </div>
      )}
      {valid && q.isPending && <div className="reports-empty">Computing the report…</div>}
      {r && <ReportBody r={r} onOpen={onOpen} oneClient={scope.clientId !== 0} period={periodName} />}
      {valid && <Insights scope={scope} days={days} onSearch={onSearch ?? (() => {})} />}
    </section>
  )
}

/** How a period boundary cuts a conversation (the package comment of backend/report). */
function PeriodRules() {
  return (
    <details className="reports-rules" data-testid="report-rules">
      <summary>How a period counts a conversation it cuts</summary>
      <ul>
        <li>
          A conversation belongs to the period its first customer message falls in (conversations in, replied, resolved, still open). Replied and
          resolved mean by the end of the period; resolved is its status at the end by the status history.
        </li>
        <li>Messages in and out count in the period they were sent.</li>
        <li>
          A deadline (one response or resolution clock) belongs to the period its clock started in, the customer message that awaited an answer, even
          when it was answered or breached after the period ended; its outcome is what is recorded when the report runs.
        </li>
        <li>Volume by hour of the week counts customer messages sent in the period.</li>
        <li>Days are read in the scope's time zone; both the first and the last day are included.</li>
      </ul>
    </details>
  )
}

/** "Save as PDF" / "Save as HTML": the client report of the scope and period, a file to send to the client. */
function ClientReportButtons({ scope, days, disabled }: { scope: ReportScope; days: Days; disabled: boolean }) {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const noClient = scope.clientId === 0
  const save = (format: 'pdf' | 'html') => {
    setBusy(true)
    setStatus('')
    clientReport(scope, days.from, days.to, format)
      .then((f) => saveFile(f))
      .then(setStatus, (e: unknown) => setStatus(errorMessage(e)))
      .finally(() => setBusy(false))
  }
  const off = disabled || busy || noClient
  const why = noClient ? 'Pick one client for a client report.' : undefined
  return (
    <div className="reports-client-report" role="group" aria-label="Client report">
      <button type="button" disabled={off} title={why} onClick={() => save('pdf')} data-testid="report-save-pdf">
        Save as PDF
      </button>
      <button type="button" disabled={off} title={why} onClick={() => save('html')} data-testid="report-save-html">
        Save as HTML
      </button>
      <span className="reports-note" role="status" data-testid="report-save-status">
        {status || (noClient ? 'Client report: pick one client.' : '')}
      </span>
    </div>
  )
}
