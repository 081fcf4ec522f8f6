import { describe, expect, it } from 'vitest'
import { customPeriodError, dayCount, formatDuration, formatPct, presetDays, previousDays, type PresetId } from './periods'

describe('presetDays', () => {
  const cases: { today: Date; id: PresetId; from: string; to: string }[] = [
    // Tuesday 1 December 2026.
    { today: new Date(2026, 11, 1, 18, 30), id: 'this-week', from: '2026-11-30', to: '2026-12-06' },
    { today: new Date(2026, 11, 1), id: 'last-week', from: '2026-11-23', to: '2026-11-29' },
    { today: new Date(2026, 11, 1), id: 'this-month', from: '2026-12-01', to: '2026-12-31' },
    { today: new Date(2026, 11, 1), id: 'last-month', from: '2026-11-01', to: '2026-11-30' },
    // A Sunday belongs to the week that began on Monday.
    { today: new Date(2026, 10, 29), id: 'this-week', from: '2026-11-23', to: '2026-11-29' },
    // January's last month is December; March's is February (28 days).
    { today: new Date(2027, 0, 15), id: 'last-month', from: '2026-12-01', to: '2026-12-31' },
    { today: new Date(2027, 2, 31), id: 'last-month', from: '2027-02-01', to: '2027-02-28' },
    // Across a DST change (late March in Europe) the week is still Monday to Sunday.
    { today: new Date(2026, 2, 31), id: 'last-week', from: '2026-03-23', to: '2026-03-29' },
  ]
  for (const c of cases) {
    it(`${c.id} from ${c.today.toDateString()}`, () => {
      expect(presetDays(c.id, c.today)).toEqual({ from: c.from, to: c.to })
    })
  }
})

describe('formatDuration and formatPct', () => {
  it.each([
    [0, 0, '—'],
    [45, 1, '45 s'],
    [42 * 60, 1, '42 min'],
    [3 * 3600 + 5 * 60, 1, '3 h 05 min'],
    [52 * 3600, 1, '2 d 4 h'],
  ])('%d s (count %d) is %s', (sec, count, want) => {
    expect(formatDuration(sec, count)).toBe(want)
  })
  it('percentages', () => {
    expect(formatPct(92.5, 40)).toBe('92.5 %')
    expect(formatPct(100, 3)).toBe('100 %')
    expect(formatPct(0, 0)).toBe('—')
  })
})

describe('custom periods', () => {
  it.each([
    ['2026-11-01', '2026-11-30', null],
    ['2026-11-05', '2026-11-05', null], // one day
    ['2026-11-30', '2026-11-01', 'The last day is before the first day.'],
    ['', '2026-11-01', 'Enter the first day as a date.'],
    ['2026-11-01', '', 'Enter the last day as a date.'],
    ['', '', 'Enter the first and the last day.'],
    ['2026-02-30', '2026-03-01', 'Enter the first day as a date.'], // no such day
    ['2024-01-01', '2025-12-31', null], // 731 days, a leap year in it
    ['2024-01-01', '2026-01-01', 'A period is at most 731 days (two years) long.'],
    ['1999-12-31', '2000-01-02', 'The first day is before 2000.'],
  ])('%s to %s: %s', (from, to, want) => {
    expect(customPeriodError(from, to)).toBe(want)
  })

  it('counts days and finds the previous period across a DST change', () => {
    expect(dayCount({ from: '2026-03-23', to: '2026-03-29' })).toBe(7)
    expect(previousDays({ from: '2026-03-30', to: '2026-04-05' })).toEqual({ from: '2026-03-23', to: '2026-03-29' })
    // A month is compared with as many days before, not the calendar month before.
    expect(previousDays({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' })
    expect(dayCount({ from: 'x', to: '2026-01-01' })).toBe(0)
  })
})
