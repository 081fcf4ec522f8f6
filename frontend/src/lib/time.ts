// Every date and time the app shows goes through this file, in one scheme:
// relative for recent times ("12 min", "3 h ago", "in 3 h"), and a
// locale-aware absolute date and time (formatFull) on hover and beyond a day.

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const YEAR = 365 * DAY

/** How long ago `then` was, compactly. Empty for 0 (never). */
export function formatAge(then: number, now: number): string {
  if (!then) return ''
  const d = Math.max(0, now - then)
  if (d < MIN) return 'now'
  if (d < HOUR) return `${Math.floor(d / MIN)} min`
  if (d < DAY) return `${Math.floor(d / HOUR)} h`
  if (d < YEAR) return `${Math.floor(d / DAY)} d`
  return `${Math.floor(d / YEAR)} y`
}

/** How far in the future `until` is ("in 3 h"); "now" when it has passed. */
export function formatUntil(until: number, now: number): string {
  if (!until) return ''
  if (until <= now + MIN) return 'now'
  return `in ${formatAge(now, until)}`
}

/** Waiting time that deserves attention: 'ok', 'warn' (≥ 1 h) or 'late' (≥ 24 h). */
export function urgency(waitingSince: number, now: number): 'ok' | 'warn' | 'late' {
  if (!waitingSince) return 'ok'
  const d = now - waitingSince
  if (d >= DAY) return 'late'
  if (d >= HOUR) return 'warn'
  return 'ok'
}

// One absolute format for the whole app, in the user's locale; cached
// because Intl formatters are costly to build and rows format many times.
let full: Intl.DateTimeFormat | undefined
let dayMonth: Intl.DateTimeFormat | undefined
let dayMonthYear: Intl.DateTimeFormat | undefined
let timeOfDay: Intl.DateTimeFormat | undefined

function fmt(kind: 'full' | 'dm' | 'dmy' | 'time'): Intl.DateTimeFormat {
  switch (kind) {
    case 'full':
      return (full ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }))
    case 'dm':
      return (dayMonth ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }))
    case 'dmy':
      return (dayMonthYear ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }))
    case 'time':
      return (timeOfDay ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }))
  }
}

/** How long ago, in words for a sentence: "just now", "12 min ago", "3 h ago". Empty for 0 (never). */
export function formatAgo(then: number, now: number): string {
  if (!then) return ''
  if (now - then < MIN) return 'just now'
  return `${formatAge(then, now)} ago`
}

/**
 * A point in time shown on its own (a message, a note, a search hit): relative
 * within the last day ("just now", "3 h ago"), else the date and time ("12 Mar,
 * 14:05", with the year when it is not this one). formatFull is its hover text.
 */
export function formatTimestamp(ms: number, now: number): string {
  if (!ms) return ''
  if (ms <= now && now - ms < DAY) return formatAgo(ms, now)
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear()
  return fmt(sameYear ? 'dm' : 'dmy').format(ms)
}

/** The time of day alone ("14:05"), in the user's locale. */
export function formatTimeOfDay(ms: number): string {
  return ms ? fmt('time').format(ms) : ''
}

/** Full date and time in the user's locale ("1 Dec 2026, 14:05"), for title attributes. */
export function formatFull(ms: number): string {
  if (!ms) return 'never'
  return fmt('full').format(ms)
}
