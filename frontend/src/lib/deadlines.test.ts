import { DeadlineClock, DeadlineKind, DeadlineState } from './wails'
import { describe, expect, it } from 'vitest'
import { chipView, deadlineWords, eventText, formatClock, formatSpan, formatSpanWords, progress, stateAt } from './deadlines'
import type { DeadlineDTO } from './wails'

const MIN = 60_000
const t0 = Date.UTC(2026, 10, 23, 9, 0) // 10:00 in Berlin

function dl(over: Partial<DeadlineDTO> = {}): DeadlineDTO {
  return {
    clock: DeadlineClock.Response,
    kind: DeadlineKind.First,
    state: DeadlineState.OnTrack,
    startedAt: t0,
    warnAt: t0 + 20 * MIN,
    internalAt: t0 + 30 * MIN,
    promiseWarnAt: t0 + 50 * MIN,
    publishedAt: t0 + 60 * MIN,
    windowAt: 0,
    uncertain: false,
    uncertainReason: '',
    dataAsOf: 0,
    ...over,
  }
}

describe('formatSpan', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [12 * MIN, '12m'],
    [3 * 60 * MIN + 5 * MIN, '3h 05m'],
    [52 * 60 * MIN, '2d 4h'],
    [-12 * MIN, '12m'],
  ])('%d ms → %s', (ms, want) => expect(formatSpan(ms)).toBe(want))
})

describe('chipView', () => {
  it.each([
    ['on track', t0 + 5 * MIN, 'ok', '25m', 'on_track'],
    ['inside the warning lead', t0 + 21 * MIN, 'soon', '9m', 'imminent'],
    ['past the internal target', t0 + 31 * MIN, 'late', '29m to promise', 'late'],
    ['about to miss the promise', t0 + 55 * MIN, 'late', '5m to promise', 'at_risk'],
    ['promise missed', t0 + 75 * MIN, 'breached', 'missed 15m', 'breached'],
  ])('%s', (_name, now, tone, label, state) => {
    const v = chipView(dl(), now)
    expect(v.tone).toBe(tone)
    expect(v.label).toBe(label)
    expect(stateAt(dl(), now)).toBe(state)
    expect(v.title).toContain('First reply: internal target')
  })

  it('says when the platform window closes first', () => {
    const d = dl({ windowAt: t0 + 40 * MIN, publishedAt: t0 + 40 * MIN, promiseWarnAt: t0 + 30 * MIN })
    expect(chipView(d, t0 + 41 * MIN)).toMatchObject({ tone: 'breached', label: 'window closed 1m', platformWindow: true })
    expect(chipView(d, t0).title).toContain('platform reply window closes')
  })

  it('marks uncertain data', () => {
    const v = chipView(dl({ uncertain: true, uncertainReason: 'sync is failing', dataAsOf: t0 - 18 * MIN }), t0)
    expect(v.title).toMatch(/uncertain: sync is failing, data as of \S+/)
  })

  it('shows a stopped clock', () => {
    expect(chipView(dl({ state: DeadlineState.Paused }), t0 + 90 * MIN)).toMatchObject({ tone: 'paused', label: 'paused' })
  })

  it('names next-response and resolution clocks', () => {
    expect(chipView(dl({ kind: DeadlineKind.Next }), t0).title).toMatch(/^Next reply/)
    expect(chipView(dl({ clock: DeadlineClock.Resolution, kind: DeadlineKind.Resolution }), t0).title).toMatch(/^Resolution/)
  })
})

describe('progress', () => {
  it('places now and the internal mark on the way to the promise', () => {
    expect(progress(dl(), t0 + 15 * MIN)).toEqual({ elapsed: 0.25, internalMark: 0.5 })
    expect(progress(dl(), t0 + 120 * MIN).elapsed).toBe(1)
  })
})

describe('eventText', () => {
  it.each([
    ['response', 'late', 'Response: internal target passed'],
    ['resolution', 'breached', 'Resolution: promise missed'],
    ['response', 'achieved', 'Response: answered within the promise'],
    ['response', 'some_new_event', 'Response: some new event'],
  ])('%s %s', (clock, event, want) => expect(eventText(clock, event)).toBe(want))
})

describe('formatSpanWords', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [12 * MIN, '12 min'],
    [5 * 60 * MIN + 40 * MIN, '5 h 40 min'],
    [2 * 60 * MIN, '2 h'],
    [52 * 60 * MIN, '2 d 4 h'],
    [48 * 60 * MIN, '2 d'],
  ])('%d ms → %s', (ms, want) => expect(formatSpanWords(ms)).toBe(want))
})

// Issue 14: the thread header says, for every state, which target each phrase is about.
describe('deadlineWords', () => {
  const at = (ms: number) => formatClock(ms, t0)
  it.each([
    ['on track', dl(), t0 + 5 * MIN, [`Internal target in 25 min (${at(t0 + 30 * MIN)})`, `promise by ${at(t0 + 60 * MIN)}`]],
    ['imminent', dl(), t0 + 25 * MIN, [`Internal target in 5 min (${at(t0 + 30 * MIN)})`, `promise by ${at(t0 + 60 * MIN)}`]],
    ['late', dl(), t0 + 40 * MIN, ['Internal target missed 10 min ago', `promise due in 20 min (${at(t0 + 60 * MIN)})`]],
    ['at risk', dl(), t0 + 55 * MIN, ['Internal target missed 25 min ago', `promise due in 5 min (${at(t0 + 60 * MIN)})`]],
    ['breached', dl(), t0 + 30 * MIN + 340 * MIN, ['Internal target missed 5 h 40 min ago', `promise missed at ${at(t0 + 60 * MIN)}`]],
    [
      'with a platform window still open',
      dl({ windowAt: t0 + 120 * MIN }),
      t0 + 5 * MIN,
      [`Internal target in 25 min (${at(t0 + 30 * MIN)})`, `promise by ${at(t0 + 60 * MIN)}`, `reply window closes ${at(t0 + 120 * MIN)}`],
    ],
    [
      'with the platform window closed',
      dl({ windowAt: t0 + 45 * MIN }),
      t0 + 50 * MIN,
      ['Internal target missed 20 min ago', `promise due in 10 min (${at(t0 + 60 * MIN)})`, `reply window closed at ${at(t0 + 45 * MIN)}`],
    ],
    ['only a promise', dl({ internalAt: 0 }), t0 + 5 * MIN, [`Promise by ${at(t0 + 60 * MIN)}`]],
    ['paused', dl({ state: DeadlineState.Paused }), t0, ['First reply: clock paused while waiting on the customer or snoozed']],
    ['paused resolution', dl({ state: DeadlineState.Paused, clock: DeadlineClock.Resolution }), t0, ['Resolution: clock paused while waiting on the customer or snoozed']],
  ])('%s', (_name, d, now, want) => {
    const got = deadlineWords(d, now)
    expect(got).toEqual(want)
    for (const p of got) expect(p.startsWith('·')).toBe(false)
  })
})
