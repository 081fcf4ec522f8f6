// Text forms of calendar hours for the settings screen:
// "09:00–12:00, 13:00–17:00" ⇄ [{start: 540, end: 720}, …] (minutes).
import type { RangeDTO } from './wails/deadlines'

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
  return { ranges: out, error: null }
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** Monday first, as most people read a week; values are indexes into the Sunday-first weekly array. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]
