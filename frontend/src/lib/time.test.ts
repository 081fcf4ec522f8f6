import { describe, expect, it } from 'vitest'
import { formatAge, formatAgo, formatFull, formatTimeOfDay, formatTimestamp, formatUntil, urgency } from './time'

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
    expect(d).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(lastWeek))
    expect(d).not.toContain('2026')
    const lastYear = Date.UTC(2025, 2, 12, 14, 5)
    expect(formatTimestamp(lastYear, now)).toContain('2025')
  })
  it('formats the future as a date, not as "ago"', () => {
    expect(formatTimestamp(now + 2 * HOUR, now)).not.toContain('ago')
  })
  it('gives one full format for hover text', () => {
    expect(formatFull(now)).toBe(full.format(now))
    expect(formatFull(0)).toBe('never')
    expect(formatTimeOfDay(now)).toBe(new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(now))
    expect(formatTimeOfDay(0)).toBe('')
  })
})
