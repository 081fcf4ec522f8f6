// Which calendar and policy apply at a settings scope (client, handle,
// channel kind), mirroring the back end's resolution (backend/deadline/tracker/settings.go):
// policies handle+kind → handle → client+kind → client → default;
// calendars handle → client → default.
import type { CalendarDTO, DeadlineSettingsDTO, PolicyDTO } from './wails/deadlines'

/** A settings scope: handleId 0 = the whole client; kind '' = any channel (policies only). */
export interface Scope {
  handleId: number
  kind: string
}

export type PolicySource = 'handle+kind' | 'handle' | 'client+kind' | 'client' | 'default'
export type CalendarSource = 'handle' | 'client' | 'default'

export const KINDS: { value: string; label: string }[] = [
  { value: '', label: 'Any channel' },
  { value: 'public', label: 'Public mentions & comments' },
  { value: 'private', label: 'Private messages' },
  { value: 'email', label: 'E-mail' },
]

export function kindName(kind: string): string {
  if (kind === 'proactive') return 'Proactive replies (from Listening)'
  return KINDS.find((k) => k.value === kind)?.label ?? kind
}

/** The source a scope's own setting would be stored as. */
export function scopeSource(scope: Scope): PolicySource {
  if (scope.handleId) return scope.kind ? 'handle+kind' : 'handle'
  return scope.kind ? 'client+kind' : 'client'
}

export interface Effective<T, S> {
  value: T
  /** Where the value comes from. */
  from: S
  /** True when something is saved at exactly this scope (it can be removed). */
  own: boolean
}

/** The policy in effect for conversations of a handle (0 = any) and kind ('' = any). */
export function effectivePolicy(s: DeadlineSettingsDTO, scope: Scope): Effective<PolicyDTO, PolicySource> {
  const find = (handleId: number, kind: string) => s.narrowed.find((n) => n.handleId === handleId && n.kind === kind)?.policy
  const chain: { handleId: number; kind: string; from: PolicySource }[] = [
    { handleId: scope.handleId, kind: scope.kind, from: 'handle+kind' },
    { handleId: scope.handleId, kind: '', from: 'handle' },
    { handleId: 0, kind: scope.kind, from: 'client+kind' },
  ]
  const mine = scopeSource(scope)
  for (const c of chain) {
    if (c.from.startsWith('handle') && !scope.handleId) continue
    if (c.from.endsWith('+kind') && !scope.kind) continue
    const p = find(c.handleId, c.kind)
    if (p) return { value: p, from: c.from, own: c.from === mine }
  }
  if (!s.policyDefault) return { value: s.policy, from: 'client', own: mine === 'client' }
  return { value: s.policy, from: 'default', own: false }
}

/** The calendar in effect for a handle (0 = the whole client). */
export function effectiveCalendar(s: DeadlineSettingsDTO, handleId: number): Effective<CalendarDTO, CalendarSource> {
  const own = handleId ? s.handleCalendars.find((h) => h.handleId === handleId)?.calendar : undefined
  if (own) return { value: own, from: 'handle', own: true }
  if (!s.calendarDefault) return { value: s.calendar, from: 'client', own: handleId === 0 }
  return { value: s.calendar, from: 'default', own: false }
}

/** Whether anything narrower than the client is saved for a handle (for marking it in a list). */
export function handleCustomized(s: DeadlineSettingsDTO, handleId: number, what: 'policy' | 'calendar'): boolean {
  if (what === 'calendar') return s.handleCalendars.some((h) => h.handleId === handleId)
  return s.narrowed.some((n) => n.handleId === handleId)
}

/** Says where an inherited setting comes from, e.g. "Inherits the client's policy for E-mail". */
export function inheritedText(what: 'policy' | 'calendar', from: PolicySource | CalendarSource, kind: string, handleName: string): string {
  switch (from) {
    case 'handle+kind':
      return `Inherits ${handleName}'s ${what} for ${kindName(kind)}`
    case 'handle':
      return `Inherits ${handleName}'s ${what} (any channel)`
    case 'client+kind':
      return `Inherits the client's ${what} for ${kindName(kind)}`
    case 'client':
      return `Inherits the client's ${what}`
    default:
      return `Inherits the client's ${what} (the defaults — nothing saved yet)`
  }
}

/** Label of the scope itself, e.g. "@bakery · Private messages". */
export function scopeLabel(scope: Scope, handleName: string): string {
  const who = scope.handleId ? handleName : 'Whole client'
  return scope.kind ? `${who} · ${kindName(scope.kind)}` : who
}
