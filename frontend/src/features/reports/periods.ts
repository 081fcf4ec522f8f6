// Period presets of the Reports screen, as calendar days (YYYY-MM-DD, the
// last day included). The back end reads the days in the scope's time zone,
// as `careinbox report --from --to` does; the presets only pick the days, from
// today's date on this computer. Weeks start on Monday.

import { isoDay } from '../../lib/time'

export type PresetId = 'this-week' | 'last-week' | 'this-month' | 'last-month'

export const PRESETS: { id: PresetId; label: string }[] = [
  { id: 'this-week', label: 'This week' },
  { id: 'last-week', label: 'Last week' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
]

export interface Days {
  from: string
  to: string
}

// The YYYY-MM-DD form is made where every date is turned into text.
export { isoDay }

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n)
}

/** A YYYY-MM-DD day as a local date, or null when it is not a real day. */
export function parseDay(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return isoDay(d) === s ? d : null
}

/** Calendar days from a to b (b − a), by the dates alone, so a DST change does not shift it. */
function daysBetween(a: Date, b: Date): number {
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86_400_000)
}

/** The longest custom period, in days: two years (a leap day included). */
export const MAX_CUSTOM_DAYS = 731

/** Why a custom period cannot be reported, or null when it can. */
export function customPeriodError(from: string, to: string, maxDays = MAX_CUSTOM_DAYS): string | null {
  const a = parseDay(from)
  const b = parseDay(to)
  if (!a && !b) return 'Enter the first and the last day.'
  if (!a) return 'Enter the first day as a date.'
  if (!b) return 'Enter the last day as a date.'
  if (b < a) return 'The last day is before the first day.'
  if (daysBetween(a, b) + 1 > maxDays) return `A period is at most ${maxDays} days (two years) long.`
  if (a.getFullYear() < 2000) return 'The first day is before 2000.'
  return null
}

/** How many days a period covers (both ends included). */
export function dayCount(d: Days): number {
  const a = parseDay(d.from)
  const b = parseDay(d.to)
  return a && b ? daysBetween(a, b) + 1 : 0
}

/**
 * The period a report compares with: as many calendar days just before
 * (report.Period.Previous on the Go side).
 */
export function previousDays(d: Days): Days {
  const a = parseDay(d.from)
  if (!a) return d
  const n = dayCount(d)
  return { from: isoDay(addDays(a, -n)), to: isoDay(addDays(a, -1)) }
}

/** The days of a preset seen from `today` (a local date; its time is ignored). */
export function presetDays(id: PresetId, today: Date): Days {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  const monday = addDays(day, -((day.getDay() + 6) % 7))
  switch (id) {
    case 'this-week':
      return { from: isoDay(monday), to: isoDay(addDays(monday, 6)) }
    case 'last-week':
      return { from: isoDay(addDays(monday, -7)), to: isoDay(addDays(monday, -1)) }
    case 'this-month':
      return { from: isoDay(new Date(day.getFullYear(), day.getMonth(), 1)), to: isoDay(new Date(day.getFullYear(), day.getMonth() + 1, 0)) }
    case 'last-month':
      return { from: isoDay(new Date(day.getFullYear(), day.getMonth() - 1, 1)), to: isoDay(new Date(day.getFullYear(), day.getMonth(), 0)) }
  }
}

/** A duration in seconds, compactly ("45 s", "42 min", "3 h 05 min", "2 d 4 h"); "—" when there is none. */
export function formatDuration(sec: number, count = 1): string {
  if (count === 0) return '—'
  const s = Math.max(0, Math.round(sec))
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return `${h} h ${String(min % 60).padStart(2, '0')} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** A share in percent ("92.5 %"); "—" when nothing was measured. */
export function formatPct(pct: number, of: number): string {
  if (of === 0) return '—'
  return `${pct.toFixed(1).replace(/\.0$/, '')} %`
}
