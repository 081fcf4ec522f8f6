import { describe, expect, it } from 'vitest'
import { formatAge, formatUntil, urgency } from './time'

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
