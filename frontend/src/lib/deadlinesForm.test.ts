import { describe, expect, it } from 'vitest'
import { formatRanges, parseRanges } from './deadlinesForm'

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
