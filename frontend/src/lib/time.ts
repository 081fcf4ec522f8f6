// Every date and time the app shows goes through this file, in one scheme:
// relative for recent times ("12 min", "3 h ago", "in 3 h"), and a
// locale-aware absolute date and time (formatFull) on hover and beyond a day.
// The machine forms (an ISO instant for <time dateTime> and CSV, the values
// of date inputs) live here too, so that no other file turns a date into text:
// time.test.ts scans the sources and fails when one does.

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const YEAR = 365 * DAY
// How far ahead of the minute-ticking `now` a fresh instant may be and still read as "just now".
const CLOCK_SKEW = 2 * MIN

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
let dayOnly: Intl.DateTimeFormat | undefined

/**
 * The hour and minute as the locale writes a clock time: a 12-hour locale
 * without a leading zero ("2:50 PM", not "02:50 PM"), a 24-hour one with it
 * ("09:05"), as each writes its own short time style.
 */
export function clockParts(locale?: string): Pick<Intl.DateTimeFormatOptions, 'hour' | 'minute'> {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle
  return { hour: cycle === 'h12' || cycle === 'h11' ? 'numeric' : '2-digit', minute: '2-digit' }
}

function fmt(kind: 'full' | 'dm' | 'dmy' | 'time' | 'day'): Intl.DateTimeFormat {
  switch (kind) {
    case 'day':
      return (dayOnly ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }))
    case 'full':
      return (full ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }))
    case 'dm':
      return (dayMonth ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', ...clockParts() }))
    case 'dmy':
      return (dayMonthYear ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', ...clockParts() }))
    case 'time':
      return (timeOfDay ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }))
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
  // `now` ticks once a minute (lib/now.tsx), so a reply sent a moment ago can
  // be up to a tick "ahead" of it: that is just now, not a date.
  if (ms <= now + CLOCK_SKEW && now - ms < DAY) return formatAgo(ms, now)
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear()
  return fmt(sameYear ? 'dm' : 'dmy').format(ms)
}

/** The time of day alone ("14:05"), in the user's locale. */
export function formatTimeOfDay(ms: number): string {
  return ms ? fmt('time').format(ms) : ''
}

/**
 * A mark on a clock (a deadline, a wake-up, a pause's end): the time of day
 * alone when it falls today ("14:05"), else the same day-and-time as
 * formatTimestamp ("3 Dec, 14:05"; the year when it is not this one).
 */
export function formatClock(ms: number, now: number): string {
  if (!ms) return ''
  const t = new Date(ms)
  const n = new Date(now)
  if (t.getFullYear() === n.getFullYear() && t.getMonth() === n.getMonth() && t.getDate() === n.getDate()) return formatTimeOfDay(ms)
  return fmt(t.getFullYear() === n.getFullYear() ? 'dm' : 'dmy').format(ms)
}

/** Full date and time in the user's locale ("1 Dec 2026, 14:05"), for title attributes. */
export function formatFull(ms: number): string {
  if (!ms) return 'never'
  return fmt('full').format(ms)
}

/** The local day of an instant ("1 Dec 2026"), e.g. how far back a history reaches. */
export function formatDay(ms: number): string {
  if (!ms) return ''
  return fmt('day').format(ms)
}

let zoned: Map<string, Intl.DateTimeFormat> | undefined

/**
 * An instant in a named time zone (a report's scope zone): "1 Nov 2026, 14:00",
 * or the day alone ("1 Nov 2026"). An unknown zone falls back to local time.
 */
export function formatInZone(ms: number, zone: string, dayOnly = false): string {
  const key = `${zone}|${dayOnly}`
  zoned ??= new Map()
  let f = zoned.get(key)
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = dayOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }
    try {
      f = new Intl.DateTimeFormat(undefined, { ...opts, timeZone: zone })
    } catch {
      f = new Intl.DateTimeFormat(undefined, opts)
    }
    zoned.set(key, f)
  }
  return f.format(ms)
}

/** A calendar day "2026-12-25" as "Fri, 25 Dec 2026" in the user's locale (the date itself, no zone shift). */
export function formatCalendarDay(iso: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d)
}

/** The machine form of an instant (<time dateTime>, CSV): ISO 8601 in UTC; empty for 0. */
export function isoInstant(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : ''
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** A local date as YYYY-MM-DD (a date input's value, a report's day). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`
}

/** A local date-time input's value ("2026-12-01T14:00") for ms. */
export function localInputValue(ms: number): string {
  const d = new Date(ms)
  return `${isoDay(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}
