// The deadlines screen's one unsaved edit: the targets at one scope and the
// hours at one scope, saved and previewed together (one Save), so the
// preview never measures new targets against old hours or the other way round.
import { effectiveCalendar, effectivePolicy, type Scope } from './deadlinesScope'
import { weekProblem } from './deadlinesForm'
import type { CalendarDTO, DeadlineSettingsDTO, PolicyDTO, SettingsDraftDTO } from './wails/deadlines'

export interface SettingsEdit {
  policyScope: Scope
  /** null: the targets are as stored. */
  policy: PolicyDTO | null
  calendarHandleId: number
  calendar: CalendarDTO | null
}

export const NO_EDIT: SettingsEdit = { policyScope: { handleId: 0, kind: '' }, policy: null, calendarHandleId: 0, calendar: null }

export interface PartState<T> {
  /** What the form shows: the draft, else what applies. */
  value: T
  /** Something is saved at exactly this scope. */
  own: boolean
  from: string
  /** The whole client (and any channel): always editable, never "customized". */
  wide: boolean
  /** A new override is being drafted for a narrower scope. */
  customizing: boolean
  editable: boolean
  dirty: boolean
}

function part<T>(eff: { value: T; own: boolean; from: string }, wide: boolean, draft: T | null): PartState<T> {
  const customizing = !eff.own && !wide && draft !== null
  return {
    value: draft ?? eff.value,
    own: eff.own,
    from: eff.from,
    wide,
    customizing,
    editable: eff.own || wide || customizing,
    dirty: draft !== null && (customizing || JSON.stringify(draft) !== JSON.stringify(eff.value)),
  }
}

export interface EditState {
  policy: PartState<PolicyDTO>
  calendar: PartState<CalendarDTO>
  dirty: boolean
  /** Why the edit cannot be saved as it stands (hours that overlap, a week never open), or null. */
  problem: string | null
  /** What the back end previews and saves: only the parts that changed. */
  draft: SettingsDraftDTO
}

export function editState(s: DeadlineSettingsDTO, e: SettingsEdit): EditState {
  const sc = e.policyScope
  const policy = part(effectivePolicy(s, sc), sc.handleId === 0 && sc.kind === '', e.policy)
  const calendar = part(effectiveCalendar(s, e.calendarHandleId), e.calendarHandleId === 0, e.calendar)
  const problem = calendar.dirty && !calendar.value.alwaysOpen ? weekProblem(calendar.value.weekly) : null
  return {
    policy,
    calendar,
    dirty: policy.dirty || calendar.dirty,
    problem,
    draft: {
      calendarHandleId: e.calendarHandleId,
      calendar: calendar.dirty ? calendar.value : null,
      policyHandleId: sc.handleId,
      policyKind: sc.kind,
      policy: policy.dirty ? policy.value : null,
    },
  }
}
