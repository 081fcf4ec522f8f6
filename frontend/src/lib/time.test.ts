import { describe, expect, it } from 'vitest'
import {
  clockParts,
  formatAge,
  formatAgo,
  formatCalendarDay,
  formatClock,
  formatDay,
  formatFull,
  formatInZone,
  formatTimeOfDay,
  formatTimestamp,
  formatUntil,
  isoDay,
  isoInstant,
  localInputValue,
  urgency,
} from './time'

const now = Date.UTC(2026, 10, 23, 12, 0, 0)
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('formatAge', () => {
  it('formats compact relative ages', () => {
    expect(formatAge(now - 10_000, now)).toBe('now')
    expect(formatAge(now - MIN, now)).toBe('1 min')
    expect(formatAge(now - 12 * MIN - 30_000, now)).toBe('12 min')
    expect(formatAge(now - 59 * MIN, now)).toBe('59 min')
    expect(formatAge(now - 3 * HOUR, now)).toBe('3 h')
    expect(formatAge(now - 23 * HOUR - 59 * MIN, now)).toBe('23 h')
    expect(formatAge(now - 2 * DAY, now)).toBe('2 d')
    expect(formatAge(now - 400 * DAY, now)).toBe('1 y')
  })

  it('is empty for never and clamps the future', () => {
    expect(formatAge(0, now)).toBe('')
    expect(formatAge(now + 5 * MIN, now)).toBe('now')
  })
})

describe('formatUntil', () => {
  it('formats future times', () => {
    expect(formatUntil(now + 3 * HOUR, now)).toBe('in 3 h')
    expect(formatUntil(now - HOUR, now)).toBe('now')
    expect(formatUntil(0, now)).toBe('')
  })
})

describe('urgency', () => {
  it('escalates with waiting time', () => {
    expect(urgency(now - 5 * MIN, now)).toBe('ok')
    expect(urgency(now - 2 * HOUR, now)).toBe('warn')
    expect(urgency(now - 2 * DAY, now)).toBe('late')
    expect(urgency(0, now)).toBe('ok')
  })
})

describe('formatAgo', () => {
  it('reads in a sentence and never says "now ago"', () => {
    expect(formatAgo(now - 10_000, now)).toBe('just now')
    expect(formatAgo(now + 5 * MIN, now)).toBe('just now')
    expect(formatAgo(now - 5 * MIN, now)).toBe('5 min ago')
    expect(formatAgo(now - 3 * HOUR, now)).toBe('3 h ago')
    expect(formatAgo(0, now)).toBe('')
    expect(`Last synced ${formatAgo(now - 1000, now)}`).not.toContain('now ago')
  })
})

describe('formatTimestamp and formatFull: one scheme', () => {
  const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  it('is relative within the last day', () => {
    expect(formatTimestamp(now - 30_000, now)).toBe('just now')
    expect(formatTimestamp(now - 42 * MIN, now)).toBe('42 min ago')
    expect(formatTimestamp(now - 23 * HOUR, now)).toBe('23 h ago')
  })
  it('is an absolute, locale-formatted date beyond a day, with the year only when it differs', () => {
    const lastWeek = now - 6 * DAY
    const d = formatTimestamp(lastWeek, now)
    expect(d).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', ...clockParts() }).format(lastWeek))
    expect(d).not.toContain('2026')
    const lastYear = Date.UTC(2025, 2, 12, 14, 5)
    expect(formatTimestamp(lastYear, now)).toContain('2025')
  })
  it('formats the future as a date, not as "ago"', () => {
    expect(formatTimestamp(now + 2 * HOUR, now)).not.toContain('ago')
  })
  it('says "just now" for a reply sent after the minute-ticking now, not its date', () => {
    expect(formatTimestamp(now + 20_000, now)).toBe('just now')
    expect(formatTimestamp(now + 90_000, now)).toBe('just now')
    expect(formatTimestamp(now + 10 * MIN, now)).not.toBe('just now')
  })
  it('gives one full format for hover text', () => {
    expect(formatFull(now)).toBe(full.format(now))
    expect(formatFull(0)).toBe('never')
    expect(formatDay(now)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(now))
    expect(formatDay(0)).toBe('')
    expect(formatTimeOfDay(now)).toBe(new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(now))
    expect(formatTimeOfDay(0)).toBe('')
  })
})

describe('formatClock: deadline marks in the same scheme', () => {
  const local = new Date(2026, 10, 23, 12, 0).getTime()
  it('is the time of day today, and day, month and time on another day', () => {
    const later = new Date(2026, 10, 23, 14, 5).getTime()
    expect(formatClock(later, local)).toBe(formatTimeOfDay(later))
    const friday = new Date(2026, 10, 27, 14, 5).getTime()
    expect(formatClock(friday, local)).toBe(formatTimestamp(friday, local))
    expect(formatClock(friday, local)).not.toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/)
    const yesterday = new Date(2026, 10, 22, 9, 27).getTime()
    expect(formatClock(yesterday, local)).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', ...clockParts() }).format(yesterday))
    expect(formatClock(new Date(2027, 0, 2, 9, 0).getTime(), local)).toContain('2027')
    expect(formatClock(0, local)).toBe('')
  })
})

describe('clockParts: a clock time as the locale writes it', () => {
  const at = new Date(2026, 0, 1, 14, 50)
  it('has no leading zero on a 12-hour clock and one on a 24-hour clock', () => {
    const us = new Intl.DateTimeFormat('en-US', clockParts('en-US')).format(at)
    expect(us).toBe(new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(at))
    expect(us).not.toMatch(/^0/)
    expect(new Intl.DateTimeFormat('en-US', clockParts('en-US')).format(new Date(2026, 0, 1, 9, 5))).toMatch(/^9:05/)
    expect(new Intl.DateTimeFormat('en-GB', clockParts('en-GB')).format(new Date(2026, 0, 1, 9, 5))).toBe('09:05')
    expect(new Intl.DateTimeFormat('de-DE', clockParts('de-DE')).format(at)).toBe('14:50')
  })
  it('is what formatClock and formatTimestamp use in this locale', () => {
    const local = new Date(2026, 0, 3, 12, 0).getTime()
    expect(formatClock(at.getTime(), local)).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', ...clockParts() }).format(at))
    expect(formatClock(at.getTime(), local)).not.toMatch(/\b0\d:\d\d\s?[AP]M/)
  })
})

describe('the other forms', () => {
  it('formats a calendar day, a zoned instant and the machine forms', () => {
    expect(formatCalendarDay('2026-12-25', 'en-GB')).toBe('Fri, 25 Dec 2026')
    expect(formatCalendarDay('not a day')).toBe('not a day')
    expect(formatInZone(Date.UTC(2026, 10, 1, 13, 0), 'UTC', true)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 1)))
    expect(formatInZone(Date.UTC(2026, 10, 1, 13, 0), 'Not/AZone')).toBe(formatFull(Date.UTC(2026, 10, 1, 13, 0)))
    expect(isoInstant(Date.UTC(2026, 10, 1, 13, 0))).toBe('2026-11-01T13:00:00.000Z')
    expect(isoInstant(0)).toBe('')
    expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(localInputValue(new Date(2026, 11, 1, 16, 0).getTime())).toBe('2026-12-01T16:00')
  })
})

// Issue 14: "dates formatted three different ways". Every date the app shows
// goes through this file; a component that formats one itself fails here.
// Counts (n.toLocaleString()) stay allowed: only date formatting is matched.
const sources = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const OWN_DATE_FORMAT = [
  /Intl\.DateTimeFormat/,
  /\.toLocale(Date|Time)String\(/,
  /\.to(Date|Time|UTC|ISO|GMT)String\(/,
  /Date\([^)]*\)\.toLocaleString\(/,
  /toLocaleString\([^)]*\b(hour|minute|weekday|month|dateStyle|timeStyle)\b/,
  // Hand-made text from a date's parts: `${d.getHours()}:…`, String(d.getMinutes()), WEEKDAYS[d.getDay()].
  /\$\{[^}]*\.get(FullYear|Month|Date|Hours|Minutes|Seconds)\(\)/,
  /String\([^)]*\.get(FullYear|Month|Date|Hours|Minutes|Seconds)\(\)/,
  /\w\[\s*\w+\.getDay\(\)\s*\]/,
]

describe('one date formatter', () => {
  it('no source file but lib/time.ts turns a date into text', () => {
    // Paths are relative to this folder: ./time.ts is lib/time.ts itself.
    const scanned = Object.entries(sources).filter(([f]) => f !== './time.ts' && !f.includes('.test.'))
    expect(scanned.length).toBeGreaterThan(50)
    expect(scanned.some(([f]) => f.endsWith('Thread.tsx'))).toBe(true)
    const found = scanned.flatMap(([f, src]) =>
      src.split('\n').flatMap((line, i) => (OWN_DATE_FORMAT.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(found).toEqual([])
  })
  it('would catch the formats it forbids', () => {
    const caught = (line: string) => OWN_DATE_FORMAT.some((re) => re.test(line))
    expect(caught("t.toLocaleTimeString(undefined, { hour: '2-digit' })")).toBe(true)
    expect(caught('new Date(ms).toLocaleString()')).toBe(true)
    expect(caught('`${WEEKDAYS[t.getDay()]} ${hm}`')).toBe(true)
    expect(caught('const hm = `${String(t.getHours()).padStart(2, "0")}`')).toBe(true)
    expect(caught('new Intl.DateTimeFormat(undefined, opts)')).toBe(true)
    expect(caught('n.toLocaleString()')).toBe(false)
  })
})
