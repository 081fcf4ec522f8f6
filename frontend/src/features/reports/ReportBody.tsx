import { useMemo, type ReactNode } from 'react'
import { csvFileName } from '../../lib/csv'
import type { ReportFiguresDTO, ReportDTO } from '../../lib/wails'
import type { CSATFigureDTO } from '../../lib/wails/csat'
import { Chart } from './Chart'
import { backlogChart, byHourChart, distributionChart, TARGET_LABELS, targetsChart } from './charts'
import { CsvButton, DataTable } from './DataTable'
import { HeatMap } from './HeatMap'
import { formatDuration, formatPct } from './periods'
import { breachTable, groupTable, volumeTable } from './tables'
import { formatFull } from '../../lib/time'

interface Props {
  r: ReportDTO
  onOpen: (id: number) => void
  oneClient: boolean
  /** The period for file names: "2026-11-01-2026-11-30". */
  period: string
}

/** The report itself: headline figures, charts, tables, breaches and the heat map. */
export function ReportBody({ r, onOpen, oneClient, period }: Props) {
  const cur = r.current
  const prev = r.previous
  const first = (f: ReportFiguresDTO) => f.targets.find((t) => t.target === 'first')
  const cf = first(cur)
  const pf = first(prev)
  const charts = useMemo(() => [distributionChart(cur), byHourChart(cur, r.zone), backlogChart(r), targetsChart(cur)], [cur, r])
  const file = (what: string) => csvFileName('report', what, period)
  const targets = charts[3].table
  const breaches = breachTable(cur)
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
        {cur.resolution && (
          <Figure
            id="resolution"
            label="Median time to resolve, business time"
            value={formatDuration(cur.resolution.businessMedianSec, cur.resolution.count)}
            previous={formatDuration(prev.resolution?.businessMedianSec ?? 0, prev.resolution?.count ?? 0)}
          />
        )}
        <Figure
          id="volume"
          label="Conversations in"
          value={cur.volume.conversationsIn.toLocaleString()}
          previous={prev.volume.conversationsIn.toLocaleString()}
        />
        {r.csat && <CsatFigures cur={r.csat} prev={r.previousCsat} />}
        {cur.loops && cur.loops.started > 0 && (
          <Figure
            id="loops"
            label="Taken private, not closed in public"
            value={loopsValue(cur.loops)}
            previous={prev.loops ? loopsValue(prev.loops) : '—'}
          />
        )}
      </div>

      <div className="report-charts" data-testid="report-charts">
        {charts.map((c) => (
          <Chart key={c.id} spec={c} period={period} />
        ))}
      </div>

      <div className="report-tables">
        <DataTable spec={volumeTable(cur, prev)} testId="report-volume" fileName={file('volume')} />
        <div className="report-table-wrap">
          <table className="report-table" data-testid="report-targets">
            <caption>
              Targets kept <CsvButton spec={targets} fileName={file('targets')} testId="report-targets" />
            </caption>
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
                  <tr key={t.target} data-testid="report-targets-row">
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
      </div>

      {cur.perHandle && (
        <Section title="Per handle">
          <DataTable spec={groupTable(cur.perHandle, 'Handle')} testId="report-per-handle" fileName={file('per-handle')} empty="No handle had a conversation." />
        </Section>
      )}
      {cur.perNetwork && (
        <Section title="Per network">
          <DataTable spec={groupTable(cur.perNetwork, 'Network')} testId="report-per-network" fileName={file('per-network')} empty="No network had a conversation." />
        </Section>
      )}

      <div className="report-section-head">
        <h2>Breaches ({cur.breaches.length})</h2>
        <CsvButton spec={breaches} fileName={file('breaches')} testId="report-breaches" />
      </div>
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
                    <bdi>{b.customer || 'Customer'}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{b.client}</bdi>
                </td>
                <td>
                  <bdi>{b.handle}</bdi>
                </td>
                <td>{TARGET_LABELS[b.target] ?? b.target}</td>
                <td>{formatFull(b.dueAt)}</td>
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
      <HeatMap hours={r.hourOfWeek} zone={r.zone} fileName={file('hour-of-week')} />
    </>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="report-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
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

/**
 * Finishing in public (issue 12): of the public threads taken private or
 * offline in the period, how many still wait for their public close or were
 * dismissed without one.
 */
export function loopsValue(l: { started: number; pending: number; dismissed: number; leftOpen: number }): string {
  const parts = [`${l.leftOpen} of ${l.started}`]
  if (l.leftOpen > 0) parts.push(`(${l.pending} waiting, ${l.dismissed} dismissed)`)
  return parts.join(' ')
}

/** Satisfaction surveys (issue 12): the share of 4–5 (or 👍) ratings and answered / asked. */
function CsatFigures({ cur, prev }: { cur: CSATFigureDTO; prev?: CSATFigureDTO | null }) {
  return (
    <>
      <Figure id="csat" label="Satisfied (4–5 or 👍)" value={formatPct(cur.score, cur.rated)} previous={formatPct(prev?.score ?? 0, prev?.rated ?? 0)} />
      <Figure
        id="csat-response"
        label="Survey response rate"
        value={formatPct(cur.responseRate, cur.asked)}
        previous={formatPct(prev?.responseRate ?? 0, prev?.asked ?? 0)}
      />
    </>
  )
}
