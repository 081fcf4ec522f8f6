// Text forms of calendar hours for the settings screen:
// "09:00–12:00, 13:00–17:00" ⇄ [{start: 540, end: 720}, …] (minutes).
import type { RangeDTO } from './wails/deadlines'
import { formatCalendarDay } from './time'

function hhmm(min: number): string {
  const m = ((min % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

export function formatRanges(rs: RangeDTO[]): string {
  return rs.map((r) => `${hhmm(r.start)}–${hhmm(r.end)}`).join(', ')
}

function parseTime(s: string): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(s.trim())
  if (!m) return null
  const h = Number(m[1])
  const min = Number(m[2] ?? '0')
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null
  return h * 60 + min
}

/**
 * Parses "09:00-17:00, 22:00-02:00" ("–" or "-"); a range whose end is not
 * after its start runs across midnight. Empty text means closed.
 */
export function parseRanges(text: string): { ranges: RangeDTO[]; error: string | null } {
  const out: RangeDTO[] = []
  for (const part of text.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    const [a, b, ...rest] = part.split(/[–—-]/)
    const start = a === undefined ? null : parseTime(a)
    let end = b === undefined ? null : parseTime(b)
    if (rest.length > 0 || start === null || end === null || start >= 1440) {
      return { ranges: [], error: `"${part}" is not a range like 09:00–17:00` }
    }
    if (end <= start) end += 1440
    out.push({ start, end })
  }
  const overlap = findOverlap(out)
  if (overlap) return { ranges: [], error: overlap }
  return { ranges: out, error: null }
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Monday first, as most people read a week; values are indexes into the Sunday-first weekly array. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]

/** Short day names for the week grid, Sunday first like WEEKDAYS. */
export const WEEKDAYS_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** Mon–Fri as indexes into the Sunday-first weekly array. */
export const WORKDAYS = [1, 2, 3, 4, 5]

/**
 * The first pair of ranges of one day that overlap, in words, or null. Typed
 * hours that overlap are rejected rather than merged silently: "09:00–12:00,
 * 11:00–13:00" is more likely a typo than a wish.
 */
export function findOverlap(rs: RangeDTO[]): string | null {
  const sorted = [...rs].sort((a, b) => a.start - b.start)
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) {
      return `${formatRanges([sorted[i - 1]])} overlaps ${formatRanges([sorted[i]])}`
    }
  }
  return null
}

/** Sorted, with overlapping and touching ranges merged. */
export function mergeRanges(rs: RangeDTO[]): RangeDTO[] {
  const sorted = [...rs].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start)
  const out: RangeDTO[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end)
    else out.push({ ...r })
  }
  return out
}

/** A day's ranges with [start, end) switched on (merged in) or off (cut out). */
export function paintRanges(rs: RangeDTO[], start: number, end: number, on: boolean): RangeDTO[] {
  if (on) return mergeRanges([...rs, { start, end }])
  const out: RangeDTO[] = []
  for (const r of mergeRanges(rs)) {
    if (r.end <= start || r.start >= end) {
      out.push(r)
      continue
    }
    if (r.start < start) out.push({ start: r.start, end: start })
    if (r.end > end) out.push({ start: end, end: r.end })
  }
  return out
}

/** Whether any of the day's ranges covers part of the hour starting at hour×60. */
export function hourOpen(rs: RangeDTO[], hour: number): boolean {
  const s = hour * 60
  return rs.some((r) => r.start < s + 60 && r.end > s)
}

/** The week with one day's hours copied to every other workday (Mon–Fri). */
export function copyToWeekdays(weekly: RangeDTO[][], from: number): RangeDTO[][] {
  return weekly.map((rs, d) => (WORKDAYS.includes(d) && d !== from ? weekly[from].map((r) => ({ ...r })) : rs))
}

/** The week with one day's hours copied to all seven days. */
export function copyToAllDays(weekly: RangeDTO[][], from: number): RangeDTO[][] {
  return weekly.map((rs, d) => (d === from ? rs : weekly[from].map((r) => ({ ...r }))))
}

export interface HoursPreset {
  id: string
  label: string
  weekly: RangeDTO[][]
}

function week(days: number[], ranges: [number, number][]): RangeDTO[][] {
  return Array.from({ length: 7 }, (_, d) => (days.includes(d) ? ranges.map(([s, e]) => ({ start: s * 60, end: e * 60 })) : []))
}

/** Common opening hours, one click each. */
export const HOURS_PRESETS: HoursPreset[] = [
  { id: 'mon-fri-9-17', label: 'Mon–Fri 9–17', weekly: week(WORKDAYS, [[9, 17]]) },
  { id: 'mon-fri-8-18', label: 'Mon–Fri 8–18', weekly: week(WORKDAYS, [[8, 18]]) },
  { id: 'mon-fri-9-17-lunch', label: 'Mon–Fri 9–12, 13–17', weekly: week(WORKDAYS, [[9, 12], [13, 17]]) },
  { id: 'mon-sat-9-18', label: 'Mon–Sat 9–18', weekly: week([1, 2, 3, 4, 5, 6], [[9, 18]]) },
  { id: 'every-day-8-20', label: 'Every day 8–20', weekly: week([0, 1, 2, 3, 4, 5, 6], [[8, 20]]) },
]

/** The preset the week equals, if any. */
export function matchingPreset(weekly: RangeDTO[][]): string | null {
  const key = JSON.stringify(weekly.map(mergeRanges))
  return HOURS_PRESETS.find((p) => JSON.stringify(p.weekly) === key)?.id ?? null
}

/** Why a week cannot be saved (overlaps, or never open), or null. */
export function weekProblem(weekly: RangeDTO[][]): string | null {
  for (const d of WEEK_ORDER) {
    const o = findOverlap(weekly[d] ?? [])
    if (o) return `${WEEKDAYS[d]}: ${o}`
  }
  if (weekly.every((rs) => rs.length === 0)) return 'Open at least one day, or switch on 24/7.'
  return null
}

/** "2026-12-25" as "Fri, 25 Dec 2026" in the user's locale (lib/time.ts formats it). */
export const readableDate = formatCalendarDay
