import { describe, expect, it } from 'vitest'
import {
  copyToAllDays,
  copyToWeekdays,
  findOverlap,
  formatRanges,
  hourOpen,
  HOURS_PRESETS,
  matchingPreset,
  paintRanges,
  parseRanges,
  readableDate,
  weekProblem,
} from './deadlinesForm'

describe('parseRanges', () => {
  it.each([
    ['', []],
    ['09:00-17:00', [{ start: 540, end: 1020 }]],
    ['9-12, 13:00–17:30', [{ start: 540, end: 720 }, { start: 780, end: 1050 }]],
    ['22:00-02:00', [{ start: 1320, end: 1560 }]],
    ['00:00-24:00', [{ start: 0, end: 1440 }]],
  ])('%j', (text, want) => expect(parseRanges(text)).toEqual({ ranges: want, error: null }))

  it.each(['9', '25:00-26:00', '09:00-17:00-18:00', 'nine to five'])('rejects %j', (text) => {
    expect(parseRanges(text).error).toMatch(/is not a range/)
  })

  it('round-trips', () => {
    const { ranges } = parseRanges('09:00–12:00, 22:00–02:00')
    expect(formatRanges(ranges)).toBe('09:00–12:00, 22:00–02:00')
  })
})

const r = (s: number, e: number) => ({ start: s * 60, end: e * 60 })
const empty = () => Array.from({ length: 7 }, () => [] as { start: number; end: number }[])

describe('the hours grid', () => {
  it('rejects overlapping typed ranges and names them', () => {
    expect(parseRanges('09:00-12:00, 11:00-13:00').error).toBe('09:00–12:00 overlaps 11:00–13:00')
    expect(parseRanges('13-17, 9-12').error).toBeNull() // out of order is fine
    expect(parseRanges('09:00-12:00, 12:00-13:00').error).toBeNull() // touching is fine
    expect(findOverlap([r(22, 26), r(1, 2)])).toBeNull()
  })

  it.each([
    ['paints an hour onto nothing', [], 9, 10, true, [r(9, 10)]],
    ['merges a painted hour that touches', [r(9, 12)], 12, 13, true, [r(9, 13)]],
    ['cuts an hour out of the middle', [r(9, 17)], 12, 13, false, [r(9, 12), r(13, 17)]],
    ['cuts the start of an overnight range, keeps past midnight', [r(22, 26)], 22, 23, false, [r(23, 26)]],
    ['clearing a closed hour changes nothing', [r(9, 12)], 14, 15, false, [r(9, 12)]],
  ])('%s', (_n, rs, from, to, on, want) => {
    expect(paintRanges(rs, from * 60, to * 60, on)).toEqual(want)
  })

  it('shows an hour open when any range touches part of it', () => {
    const rs = [{ start: 9 * 60 + 30, end: 17 * 60 }]
    expect([8, 9, 16, 17].map((h) => hourOpen(rs, h))).toEqual([false, true, true, false])
  })

  it('copies a day to the other weekdays only', () => {
    const w = empty()
    w[1] = [r(8, 12), r(13, 16)]
    w[6] = [r(10, 14)]
    const got = copyToWeekdays(w, 1)
    for (const d of [1, 2, 3, 4, 5]) expect(got[d]).toEqual([r(8, 12), r(13, 16)])
    expect(got[6]).toEqual([r(10, 14)])
    expect(got[0]).toEqual([])
    got[2][0].start = 0
    expect(got[1][0].start).toBe(8 * 60) // copies, not shared
    expect(copyToAllDays(w, 6).every((rs) => JSON.stringify(rs) === JSON.stringify([r(10, 14)]))).toBe(true)
  })

  it('offers Mon–Fri 9–17 and recognises it', () => {
    const p = HOURS_PRESETS.find((x) => x.id === 'mon-fri-9-17')!
    expect(p.label).toBe('Mon–Fri 9–17')
    expect(p.weekly[0]).toEqual([])
    expect(p.weekly[1]).toEqual([r(9, 17)])
    expect(p.weekly[6]).toEqual([])
    expect(matchingPreset(p.weekly)).toBe('mon-fri-9-17')
    const changed = p.weekly.map((rs) => [...rs])
    changed[3] = [r(9, 16)]
    expect(matchingPreset(changed)).toBeNull()
  })

  it('names why a week cannot be saved', () => {
    expect(weekProblem(empty())).toMatch(/at least one day/)
    const w = empty()
    w[2] = [r(9, 12), r(11, 13)]
    expect(weekProblem(w)).toBe('Tuesday: 09:00–12:00 overlaps 11:00–13:00')
    expect(weekProblem(HOURS_PRESETS[0].weekly)).toBeNull()
  })

  it('shows dates readably without shifting the day', () => {
    expect(readableDate('2026-12-25', 'en-GB')).toBe('Fri, 25 Dec 2026')
    expect(readableDate('not a date')).toBe('not a date')
  })
})
