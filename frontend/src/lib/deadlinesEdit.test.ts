import { describe, expect, it } from 'vitest'
import { editState, NO_EDIT } from './deadlinesEdit'
import type { CalendarDTO, DeadlineSettingsDTO, PolicyDTO } from './wails/deadlines'

const target = { internalMin: 30, publishedMin: 60, businessHours: true, warnLeadMin: 10, warnShare: 0 }
const policy: PolicyDTO = { firstResponse: { ...target }, nextResponse: { ...target }, resolution: { ...target, publishedMin: 0, internalMin: 0 } }
const week = (open: boolean) => Array.from({ length: 7 }, (_, d) => (open && d >= 1 && d <= 5 ? [{ start: 540, end: 1020 }] : []))
const calendar: CalendarDTO = { timeZone: 'UTC', alwaysOpen: true, weekly: week(true), holidays: [], overrides: [] }
const settings: DeadlineSettingsDTO = {
  clientId: 1, calendar, calendarDefault: false, handleCalendars: [], policy, policyDefault: false, narrowed: [],
  notifyOn: true, handleSwitches: [], computerZone: 'UTC',
}

describe('editState', () => {
  it('is clean until something differs from what is stored', () => {
    const st = editState(settings, NO_EDIT)
    expect(st.dirty).toBe(false)
    expect(st.draft.calendar).toBeNull()
    expect(editState(settings, { ...NO_EDIT, policy: structuredClone(policy) }).dirty).toBe(false)
  })

  it('sends the hours and the targets together once both changed', () => {
    const hours = { ...calendar, alwaysOpen: false }
    const pol = structuredClone(policy)
    pol.firstResponse.internalMin = 45
    const st = editState(settings, { ...NO_EDIT, calendar: hours, policy: pol })
    expect(st.dirty).toBe(true)
    expect(st.draft.calendar?.alwaysOpen).toBe(false)
    expect(st.draft.policy?.firstResponse.internalMin).toBe(45)
    expect(st.problem).toBeNull()
  })

  it('sends only the part that changed', () => {
    const st = editState(settings, { ...NO_EDIT, calendar: { ...calendar, alwaysOpen: false }, policy: structuredClone(policy) })
    expect(st.draft.policy).toBeNull()
    expect(st.draft.calendar).not.toBeNull()
  })

  it('blocks a week that is never open, but not when 24/7', () => {
    expect(editState(settings, { ...NO_EDIT, calendar: { ...calendar, alwaysOpen: false, weekly: week(false) } }).problem).toMatch(/at least one day/)
    expect(editState(settings, { ...NO_EDIT, calendar: { ...calendar, weekly: week(false) } }).problem).toBeNull()
  })

  it('makes an inherited handle scope read-only until customized, then dirty', () => {
    const scope = { handleId: 7, kind: '' }
    const inherited = editState(settings, { ...NO_EDIT, policyScope: scope })
    expect(inherited.policy.editable).toBe(false)
    const customizing = editState(settings, { ...NO_EDIT, policyScope: scope, policy: structuredClone(policy) })
    expect(customizing.policy.customizing).toBe(true)
    expect(customizing.dirty).toBe(true) // saving the copy creates the override
    expect(customizing.draft.policyHandleId).toBe(7)
  })
})
