// Short, relative times for a dense list ("12 min", "3 h", "2 d").

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

/** A message time: "14:05" today, "12 Mar, 14:05" this year, else with the year. */
export function formatTimestamp(ms: number, now: number): string {
  if (!ms) return ''
  const t = new Date(ms)
  const n = new Date(now)
  const time = t.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  if (t.toDateString() === n.toDateString()) return time
  const sameYear = t.getFullYear() === n.getFullYear()
  const date = t.toLocaleDateString(undefined, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' })
  return `${date}, ${time}`
}

/** Full date and time, for title attributes. */
export function formatFull(ms: number): string {
  if (!ms) return 'never'
  return new Date(ms).toLocaleString()
}
