import './reports.css'
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, type ReportDTO, type ReportFiguresDTO, type SidebarDTO } from '../../lib/wails'
import { report, type ReportScope } from '../../lib/wails/reports'
import { HeatMap } from './HeatMap'
import { formatDuration, formatPct, PRESETS, presetDays, type PresetId } from './periods'

interface Props {
  sidebar: SidebarDTO | undefined
  /** Opens a conversation (a breach's) in the inbox. */
  onOpen: (conversationId: number) => void
  onClose: () => void
  /** Today, for the period presets (tests pin it). */
  today?: Date
}

const TARGET_LABELS: Record<string, string> = { first: 'First response', next: 'Next response', resolution: 'Resolution' }

/**
 * The Reports screen (issue 11): is the promise kept? Figures of one scope and
 * period beside the previous period, the breaches (each opens its
 * conversation) and inbound volume by hour of the week over the staffed hours.
 */
export function Reports({ sidebar, onOpen, onClose, today }: Props) {
  const clients = sidebar?.clients ?? []
  const [clientId, setClientId] = useState(0)
  const [preset, setPreset] = useState<PresetId>('this-month')
  const days = useMemo(() => presetDays(preset, today ?? new Date()), [preset, today])
  const scope: ReportScope = { clientId, handleId: 0, network: '', kind: '' }
  const q = useQuery({
    queryKey: queryKeys.report(scope, days.from, days.to),
    queryFn: () => report(scope, days.from, days.to),
  })
  const r = q.data
  return (
    <section
      className="reports-pane"
      data-testid="reports"
      aria-label="Reports"
      aria-busy={q.isFetching}
      data-report-for={r ? `${clientId} ${days.from} ${days.to}` : ''}
    >
      <div className="reports-head">
        <h1>Reports</h1>
        <label>
          Scope{' '}
          <select value={clientId} onChange={(e) => setClientId(Number(e.target.value))} data-testid="report-client">
            <option value={0}>All clients</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Period" data-testid="report-period">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" className="segment" aria-pressed={preset === p.id} onClick={() => setPreset(p.id)} data-preset={p.id}>
              {p.label}
            </button>
          ))}
        </div>
        <span className="reports-spacer" />
        <button type="button" onClick={onClose} data-testid="reports-close">
          Back to the inbox
        </button>
      </div>
      <p className="reports-days" data-testid="report-days">
        {days.from} to {days.to} (included){r ? `, in ${r.zone}` : ''}, beside the {periodWord(preset)} before.
      </p>
      {q.isError && (
        <div className="reports-empty" role="alert">
          {errorMessage(q.error)}
        </div>
      )}
      {q.isPending && <div className="reports-empty">Computing the report…</div>}
      {r && <ReportBody r={r} onOpen={onOpen} oneClient={clientId !== 0} />}
    </section>
  )
}

function periodWord(p: PresetId): string {
  return p.endsWith('week') ? 'week' : 'month'
}

function ReportBody({ r, onOpen, oneClient }: { r: ReportDTO; onOpen: (id: number) => void; oneClient: boolean }) {
  const cur = r.current
  const prev = r.previous
  const first = (f: ReportFiguresDTO) => f.targets.find((t) => t.target === 'first')
  const cf = first(cur)
  const pf = first(prev)
  return (
    <>
      <div className="report-headline" data-testid="report-headline">
        <Figure
          id="promise"
          label="Promise kept (first response)"
          value={formatPct(cf?.promiseKeptPct ?? 0, cf?.withDeadline ?? 0)}
          previous={formatPct(pf?.promiseKeptPct ?? 0, pf?.withDeadline ?? 0)}
        />
        <Figure
          id="internal"
          label="Internal target kept (first response)"
          value={formatPct(cf?.internalKeptPct ?? 0, (cf?.internalKept ?? 0) + (cf?.internalMissed ?? 0))}
          previous={formatPct(pf?.internalKeptPct ?? 0, (pf?.internalKept ?? 0) + (pf?.internalMissed ?? 0))}
        />
        <Figure
          id="first-business"
          label="Median first response, business time"
          value={formatDuration(cur.firstResponse.businessMedianSec, cur.firstResponse.count)}
          previous={formatDuration(prev.firstResponse.businessMedianSec, prev.firstResponse.count)}
        />
        <Figure
          id="first-wall"
          label="Median first response, wall-clock"
          value={formatDuration(cur.firstResponse.wallMedianSec, cur.firstResponse.count)}
          previous={formatDuration(prev.firstResponse.wallMedianSec, prev.firstResponse.count)}
        />
        <Figure
          id="volume"
          label="Conversations in"
          value={cur.volume.conversationsIn.toLocaleString()}
          previous={prev.volume.conversationsIn.toLocaleString()}
        />
      </div>

      <div className="report-tables">
        <table className="report-table" data-testid="report-volume">
          <caption>Volume</caption>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">This period</th>
              <th scope="col">Previous</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['Conversations in', 'conversationsIn'],
                ['Messages in', 'messagesIn'],
                ['Replies sent', 'messagesOut'],
                ['Replied', 'replied'],
                ['Resolved', 'resolved'],
                ['Still open', 'stillOpen'],
              ] as const
            ).map(([label, k]) => (
              <tr key={k}>
                <th scope="row">{label}</th>
                <td>{cur.volume[k].toLocaleString()}</td>
                <td>{prev.volume[k].toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="report-table" data-testid="report-targets">
          <caption>Targets kept</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Promise kept</th>
              <th scope="col">Previous</th>
              <th scope="col">Internal kept</th>
              <th scope="col">Previous</th>
              <th scope="col">Running</th>
            </tr>
          </thead>
          <tbody>
            {cur.targets.map((t) => {
              const p = prev.targets.find((x) => x.target === t.target)
              return (
                <tr key={t.target}>
                  <th scope="row">{TARGET_LABELS[t.target] ?? t.target}</th>
                  <td>
                    {formatPct(t.promiseKeptPct, t.withDeadline)} <span className="report-of">({t.promiseKept}/{t.withDeadline})</span>
                  </td>
                  <td>{formatPct(p?.promiseKeptPct ?? 0, p?.withDeadline ?? 0)}</td>
                  <td>{formatPct(t.internalKeptPct, t.internalKept + t.internalMissed)}</td>
                  <td>{formatPct(p?.internalKeptPct ?? 0, (p?.internalKept ?? 0) + (p?.internalMissed ?? 0))}</td>
                  <td>{t.open}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>

      <h2>Breaches ({cur.breaches.length})</h2>
      <p className="reports-note">
        A breach is a customer message whose published promise passed before it was answered; it counts in the period the customer wrote in.
      </p>
      {cur.breaches.length === 0 ? (
        <div className="reports-empty" data-testid="report-no-breaches">
          No promise was broken in this period.
        </div>
      ) : (
        <table className="report-table report-breaches" data-testid="report-breaches">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Client</th>
              <th scope="col">Handle</th>
              <th scope="col">Target</th>
              <th scope="col">Due</th>
              <th scope="col">Late by</th>
            </tr>
          </thead>
          <tbody>
            {cur.breaches.map((b) => (
              <tr key={`${b.conversationId}-${b.target}-${b.startedAt}`} data-testid="report-breach" data-conversation-id={b.conversationId} onClick={() => onOpen(b.conversationId)}>
                <td>
                  <button type="button" className="report-link" onClick={(e) => (e.stopPropagation(), onOpen(b.conversationId))}>
                    {b.customer || 'Customer'}
                  </button>
                </td>
                <td>{b.client}</td>
                <td>{b.handle}</td>
                <td>{TARGET_LABELS[b.target] ?? b.target}</td>
                <td>{new Date(b.dueAt).toLocaleString()}</td>
                <td>
                  {formatDuration(b.bySec)}
                  {b.doneAt === 0 ? ' (not answered yet)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Messages in by hour of the week</h2>
      {!oneClient && !r.hourOfWeek.some((h) => h.staffed) && (
        <p className="reports-note" data-testid="report-staffed-hint">
          Staffed hours are a client's: pick one client to see them marked.
        </p>
      )}
      <HeatMap hours={r.hourOfWeek} zone={r.zone} />
    </>
  )
}

function Figure({ id, label, value, previous }: { id: string; label: string; value: string; previous: string }) {
  return (
    <div className="report-figure" data-testid={`report-figure-${id}`}>
      <div className="report-figure-label">{label}</div>
      <div className="report-figure-value" data-testid="value">
        {value}
      </div>
      <div className="report-figure-prev">previous: {previous}</div>
    </div>
  )
}
