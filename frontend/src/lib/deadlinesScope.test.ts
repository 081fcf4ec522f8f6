import { describe, expect, it } from 'vitest'
import { effectiveCalendar, effectivePolicy, handleCustomized, inheritedText, scopeLabel, type Scope } from './deadlinesScope'
import type { CalendarDTO, DeadlineSettingsDTO, PolicyDTO } from './wails/deadlines'

const pol = (internalMin: number): PolicyDTO => {
  const t = { internalMin, publishedMin: 60, businessHours: true, warnLeadMin: 10, warnShare: 0 }
  return { firstResponse: t, nextResponse: t, resolution: { ...t, publishedMin: 0 } }
}
const cal = (start: number): CalendarDTO => ({
  timeZone: 'UTC',
  alwaysOpen: false,
  weekly: [[], [{ start, end: 1020 }], [], [], [], [], []],
  holidays: [],
  overrides: [],
})

function settings(patch: Partial<DeadlineSettingsDTO> = {}): DeadlineSettingsDTO {
  return {
    clientId: 1,
    calendar: cal(540),
    calendarDefault: true,
    handleCalendars: [],
    policy: pol(30),
    policyDefault: true,
    narrowed: [],
    notifyOn: true,
    handleSwitches: [],
    computerZone: 'UTC',
    ...patch,
  }
}

const sc = (handleId: number, kind = ''): Scope => ({ handleId, kind })

describe('effectivePolicy', () => {
  const full = settings({
    policy: pol(40),
    policyDefault: false,
    narrowed: [
      { handleId: 0, kind: 'email', policy: pol(120) },
      { handleId: 7, kind: '', policy: pol(20) },
      { handleId: 7, kind: 'private', policy: pol(15) },
    ],
  })

  it.each([
    // scope, internal minutes, from, own
    [sc(0), 40, 'client', true],
    [sc(0, 'email'), 120, 'client+kind', true],
    [sc(0, 'public'), 40, 'client', false],
    [sc(7), 20, 'handle', true],
    [sc(7, 'private'), 15, 'handle+kind', true],
    [sc(7, 'public'), 20, 'handle', false],
    [sc(7, 'email'), 20, 'handle', false], // the handle's own policy beats the client's e-mail policy
    [sc(8), 40, 'client', false],
    [sc(8, 'email'), 120, 'client+kind', false],
    [sc(8, 'private'), 40, 'client', false],
  ] as const)('%j → %i min from %s (own %s)', (scope, min, from, own) => {
    const e = effectivePolicy(full, scope)
    expect(e.value.firstResponse.internalMin).toBe(min)
    expect(e.from).toBe(from)
    expect(e.own).toBe(own)
  })

  it('falls back to the defaults when nothing is saved', () => {
    for (const s of [sc(0), sc(3), sc(3, 'public'), sc(0, 'email')]) {
      expect(effectivePolicy(settings(), s)).toEqual({ value: pol(30), from: 'default', own: false })
    }
  })

  it('a narrowed policy on defaults is own only at its exact scope', () => {
    const s = settings({ narrowed: [{ handleId: 3, kind: 'private', policy: pol(15) }] })
    expect(effectivePolicy(s, sc(3, 'private'))).toMatchObject({ from: 'handle+kind', own: true })
    expect(effectivePolicy(s, sc(3))).toMatchObject({ from: 'default', own: false })
    expect(effectivePolicy(s, sc(0, 'private'))).toMatchObject({ from: 'default', own: false })
    expect(handleCustomized(s, 3, 'policy')).toBe(true)
    expect(handleCustomized(s, 4, 'policy')).toBe(false)
  })
})

describe('effectiveCalendar', () => {
  it('handle → client → default', () => {
    const s = settings({ calendar: cal(600), calendarDefault: false, handleCalendars: [{ handleId: 7, calendar: cal(720) }] })
    expect(effectiveCalendar(s, 7)).toEqual({ value: cal(720), from: 'handle', own: true })
    expect(effectiveCalendar(s, 8)).toEqual({ value: cal(600), from: 'client', own: false })
    expect(effectiveCalendar(s, 0)).toEqual({ value: cal(600), from: 'client', own: true })
    expect(effectiveCalendar(settings(), 0)).toEqual({ value: cal(540), from: 'default', own: false })
    expect(effectiveCalendar(settings(), 7).from).toBe('default')
    expect(handleCustomized(s, 7, 'calendar')).toBe(true)
  })
})

describe('labels', () => {
  it('says where an inherited setting comes from', () => {
    expect(inheritedText('policy', 'client', '', '@b')).toBe("Inherits the client's policy")
    expect(inheritedText('policy', 'client+kind', 'email', '@b')).toBe("Inherits the client's policy for E-mail")
    expect(inheritedText('policy', 'handle', 'private', '@b')).toBe("Inherits @b's policy (any channel)")
    expect(inheritedText('calendar', 'default', '', '@b')).toMatch(/^Inherits the client's calendar \(the defaults/)
    expect(scopeLabel(sc(0), '')).toBe('Whole client')
    expect(scopeLabel(sc(7, 'public'), '@b')).toBe('@b · Public mentions & comments')
  })
})
