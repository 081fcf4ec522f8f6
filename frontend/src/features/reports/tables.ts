// The Reports screen's tables as plain data (TableSpec): shown by DataTable,
// written by "Download CSV". Customer and handle names are untrusted text;
// they stay strings here and React renders them as text.
import type { ReportFiguresDTO, ReportRowDTO } from '../../lib/wails'
import type { ReportHourDTO } from '../../lib/wails'
import type { TableSpec } from './charts'
import { TARGET_LABELS } from './charts'
import { formatDuration, formatPct } from './periods'
import { isoInstant } from '../../lib/time'

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** One row per handle or per network. */
export function groupTable(rows: ReportRowDTO[], what: 'Handle' | 'Network'): TableSpec {
  return {
    caption: what === 'Handle' ? 'Per handle' : 'Per network',
    columns: [
      what,
      'Conversations in',
      'Messages in',
      'Replied',
      'Resolved',
      'Still open',
      'Median first response, wall-clock',
      'Median first response, business time',
      'Promise kept (%)',
      'Breaches',
    ],
    rows: rows.map((g) => {
      const fr = g.firstResponse
      // No count of deadlines per group: nothing kept and nothing breached is nothing measured.
      const measured = g.promiseKeptPct > 0 || g.promiseBreached > 0
      return {
        key: g.key,
        cells: [
          g.label || g.key,
          String(g.conversationsIn),
          String(g.messagesIn),
          String(g.replied),
          String(g.resolved),
          String(g.stillOpen),
          formatDuration(fr.wallMedianSec, fr.count),
          formatDuration(fr.businessMedianSec, fr.count),
          measured ? formatPct(g.promiseKeptPct, 1) : '—',
          String(g.promiseBreached),
        ],
        csv: [
          g.label || g.key,
          g.conversationsIn,
          g.messagesIn,
          g.replied,
          g.resolved,
          g.stillOpen,
          fr.count > 0 ? fr.wallMedianSec : null,
          fr.count > 0 ? fr.businessMedianSec : null,
          measured ? g.promiseKeptPct : null,
          g.promiseBreached,
        ],
      }
    }),
  }
}

/** The breaches, for the CSV (the screen's own table opens each conversation). */
export function breachTable(f: ReportFiguresDTO): TableSpec {
  const iso = isoInstant
  return {
    caption: 'Breaches',
    columns: ['Conversation', 'Customer', 'Client', 'Handle', 'Target', 'Started', 'Due', 'Answered', 'Late by (s)'],
    rows: f.breaches.map((b) => ({
      key: `${b.conversationId}-${b.target}-${b.startedAt}`,
      cells: [String(b.conversationId), b.customer, b.client, b.handle, TARGET_LABELS[b.target] ?? b.target, iso(b.startedAt), iso(b.dueAt), iso(b.doneAt), formatDuration(b.bySec)],
      csv: [b.conversationId, b.customer, b.client, b.handle, TARGET_LABELS[b.target] ?? b.target, iso(b.startedAt), iso(b.dueAt), iso(b.doneAt), b.bySec],
    })),
  }
}

const VOLUME = [
  ['Conversations in', 'conversationsIn'],
  ['Messages in', 'messagesIn'],
  ['Replies sent', 'messagesOut'],
  ['Replied', 'replied'],
  ['Resolved', 'resolved'],
  ['Still open', 'stillOpen'],
] as const

export function volumeTable(cur: ReportFiguresDTO, prev: ReportFiguresDTO): TableSpec {
  return {
    caption: 'Volume',
    columns: ['', 'This period', 'Previous'],
    rows: VOLUME.map(([label, k]) => ({
      key: k,
      cells: [label, cur.volume[k].toLocaleString(), prev.volume[k].toLocaleString()],
      csv: [label, cur.volume[k], prev.volume[k]],
    })),
  }
}

/** The hour-of-week heat map as a list: one row per hour of the week. */
export function heatTable(hours: ReportHourDTO[], zone: string): TableSpec {
  const sorted = [...hours].sort((a, b) => a.weekday * 24 + a.hour - (b.weekday * 24 + b.hour))
  return {
    caption: `Messages in per hour of the week (${zone})`,
    columns: ['Day', 'Hour', 'Messages in', 'Staffed'],
    rows: sorted.map((h) => {
      const hour = `${String(h.hour).padStart(2, '0')}:00`
      return {
        key: `${h.weekday}-${h.hour}`,
        cells: [DAYS[h.weekday] ?? String(h.weekday), hour, String(h.messagesIn), h.staffed ? 'yes' : 'no'],
        csv: [DAYS[h.weekday] ?? String(h.weekday), hour, h.messagesIn, h.staffed ? 'yes' : 'no'],
      }
    }),
  }
}
