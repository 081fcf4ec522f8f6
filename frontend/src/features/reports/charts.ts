// What each chart of the Reports screen draws, as plain data: the x values,
// the series and the table of the same numbers (which screen readers read
// and "Download CSV" writes). Drawing is plot.ts's; this file has no DOM.
import type { CsvCell } from '../../lib/csv'
import type { ReportFiguresDTO, ReportDTO } from '../../lib/wails'
import { formatDuration, formatPct } from './periods'
import { formatInZone, isoInstant } from '../../lib/time'

export type YUnit = 'count' | 'minutes' | 'pct'

export interface ChartSeries {
  label: string
  /** Which chart colour (--chart-1, --chart-2) draws it. */
  color: 1 | 2
  values: (number | null)[]
}

export interface TableRow {
  key: string
  /** The cells as shown. */
  cells: string[]
  /** The cells as the CSV writes them (numbers stay numbers). */
  csv: CsvCell[]
}

export interface TableSpec {
  caption: string
  columns: string[]
  rows: TableRow[]
}

export interface ChartSpec {
  id: string
  title: string
  kind: 'bars' | 'line'
  /** x values: indexes of xLabels for a category axis, Unix seconds for a time axis. */
  x: number[]
  xLabels?: string[]
  /** Time axis in this IANA zone. */
  zone?: string
  xTitle: string
  yUnit: YUnit
  series: ChartSeries[]
  table: TableSpec
}

export const TARGET_LABELS: Record<string, string> = { first: 'First response', next: 'Next response', resolution: 'Resolution' }

/** A y value as the axis, the legend and the table show it. */
export function formatY(v: number | null | undefined, unit: YUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  switch (unit) {
    case 'minutes':
      return formatDuration(v * 60)
    case 'pct':
      return formatPct(v, 1)
    default:
      return Math.round(v).toLocaleString()
  }
}

/** First responses by how long they took: wall-clock beside business time. */
export function distributionChart(f: ReportFiguresDTO): ChartSpec {
  const b = f.firstResponseDistribution ?? []
  return {
    id: 'distribution',
    title: 'How long the first response took',
    kind: 'bars',
    x: b.map((_, i) => i),
    xLabels: b.map((x) => x.label),
    xTitle: 'Answered within',
    yUnit: 'count',
    series: [
      { label: 'Wall-clock', color: 1, values: b.map((x) => x.wall) },
      { label: 'Business time', color: 2, values: b.map((x) => x.business) },
    ],
    table: {
      caption: 'First responses by time taken',
      columns: ['Answered within', 'Wall-clock', 'Business time'],
      rows: b.map((x) => ({ key: x.label, cells: [x.label, String(x.wall), String(x.business)], csv: [x.label, x.wall, x.business] })),
    },
  }
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`

/** Median time to first response by the hour of day the customer wrote in. */
export function byHourChart(f: ReportFiguresDTO, zone: string): ChartSpec {
  const rows = [...(f.firstResponseByHour ?? [])].sort((a, b) => a.hour - b.hour)
  const min = (sec: number, n: number) => (n > 0 ? sec / 60 : null)
  return {
    id: 'by-hour',
    title: 'Time to first response by hour of day',
    kind: 'bars',
    x: rows.map((_, i) => i),
    xLabels: rows.map((r) => hh(r.hour)),
    xTitle: `Customer wrote at (${zone})`,
    yUnit: 'minutes',
    series: [
      { label: 'Median wall-clock', color: 1, values: rows.map((r) => min(r.wallMedianSec, r.count)) },
      { label: 'Median business time', color: 2, values: rows.map((r) => min(r.businessMedianSec, r.count)) },
    ],
    table: {
      caption: `Median time to first response by hour of day (${zone})`,
      columns: ['Hour', 'Answered', 'Median wall-clock (s)', 'Median business time (s)'],
      rows: rows.map((r) => ({
        key: String(r.hour),
        cells: [hh(r.hour), String(r.count), formatDuration(r.wallMedianSec, r.count), formatDuration(r.businessMedianSec, r.count)],
        csv: [hh(r.hour), r.count, r.count > 0 ? r.wallMedianSec : null, r.count > 0 ? r.businessMedianSec : null],
      })),
    },
  }
}

/** A Unix ms instant in zone ("1 Nov 2026, 14:00"; the day alone when step is "day"). */
export function formatAt(ms: number, zone: string, step: string): string {
  return formatInZone(ms, zone, step === 'day')
}

/** Open conversations over the period (the backlog), one point an hour or a day. */
export function backlogChart(r: ReportDTO): ChartSpec {
  const pts = r.backlog ?? []
  const step = r.backlogStep ?? 'day'
  return {
    id: 'backlog',
    title: 'Backlog: conversations open',
    kind: 'line',
    x: pts.map((p) => p.at / 1000),
    zone: r.zone,
    xTitle: step === 'hour' ? 'Hour' : 'Day',
    yUnit: 'count',
    series: [{ label: 'Open', color: 1, values: pts.map((p) => p.open) }],
    table: {
      caption: `Conversations open, one value per ${step} (${r.zone})`,
      columns: ['At', 'Open'],
      rows: pts.map((p) => ({ key: String(p.at), cells: [formatAt(p.at, r.zone, step), String(p.open)], csv: [isoInstant(p.at), p.open] })),
    },
  }
}

/** Each target's share kept: the published promise beside the internal target. */
export function targetsChart(f: ReportFiguresDTO): ChartSpec {
  const ts = f.targets
  const internalOf = (t: ReportFiguresDTO['targets'][number]) => t.internalKept + t.internalMissed
  return {
    id: 'targets',
    title: 'Targets kept',
    kind: 'bars',
    x: ts.map((_, i) => i),
    xLabels: ts.map((t) => TARGET_LABELS[t.target] ?? t.target),
    xTitle: 'Target',
    yUnit: 'pct',
    series: [
      { label: 'Promise kept', color: 1, values: ts.map((t) => (t.withDeadline > 0 ? t.promiseKeptPct : null)) },
      { label: 'Internal target kept', color: 2, values: ts.map((t) => (internalOf(t) > 0 ? t.internalKeptPct : null)) },
    ],
    table: {
      caption: 'Targets kept',
      columns: ['Target', 'Promise kept (%)', 'Promise kept', 'With a deadline', 'Internal kept (%)', 'Internal kept', 'Internal missed', 'Running'],
      rows: ts.map((t) => ({
        key: t.target,
        cells: [
          TARGET_LABELS[t.target] ?? t.target,
          formatPct(t.promiseKeptPct, t.withDeadline),
          String(t.promiseKept),
          String(t.withDeadline),
          formatPct(t.internalKeptPct, internalOf(t)),
          String(t.internalKept),
          String(t.internalMissed),
          String(t.open),
        ],
        csv: [
          TARGET_LABELS[t.target] ?? t.target,
          t.withDeadline > 0 ? t.promiseKeptPct : null,
          t.promiseKept,
          t.withDeadline,
          internalOf(t) > 0 ? t.internalKeptPct : null,
          t.internalKept,
          t.internalMissed,
          t.open,
        ],
      })),
    },
  }
}

/** True when a chart has something to draw: a bar that is not 0, or any point of a line (a backlog of 0 is news too). */
export function hasData(c: ChartSpec): boolean {
  if (c.x.length === 0) return false
  return c.kind === 'line' || c.series.some((s) => s.values.some((v) => v !== null && v !== 0))
}
