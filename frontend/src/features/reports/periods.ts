// Period presets of the Reports screen, as calendar days (YYYY-MM-DD, the
// last day included). The back end reads the days in the scope's time zone,
// as `careinbox report --from --to` does; the presets only pick the days, from
// today's date on this computer. Weeks start on Monday.

export type PresetId = 'this-week' | 'last-week' | 'this-month' | 'last-month'

export const PRESETS: { id: PresetId; label: string }[] = [
  { id: 'this-week', label: 'This week' },
  { id: 'last-week', label: 'Last week' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
]

export interface Days {
  from: string
  to: string
}

/** A local date as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n)
}

/** The days of a preset seen from `today` (a local date; its time is ignored). */
export function presetDays(id: PresetId, today: Date): Days {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  const monday = addDays(day, -((day.getDay() + 6) % 7))
  switch (id) {
    case 'this-week':
      return { from: isoDay(monday), to: isoDay(addDays(monday, 6)) }
    case 'last-week':
      return { from: isoDay(addDays(monday, -7)), to: isoDay(addDays(monday, -1)) }
    case 'this-month':
      return { from: isoDay(new Date(day.getFullYear(), day.getMonth(), 1)), to: isoDay(new Date(day.getFullYear(), day.getMonth() + 1, 0)) }
    case 'last-month':
      return { from: isoDay(new Date(day.getFullYear(), day.getMonth() - 1, 1)), to: isoDay(new Date(day.getFullYear(), day.getMonth(), 0)) }
  }
}

/** A duration in seconds, compactly ("45 s", "42 min", "3 h 05 min", "2 d 4 h"); "—" when there is none. */
export function formatDuration(sec: number, count = 1): string {
  if (count === 0) return '—'
  const s = Math.max(0, Math.round(sec))
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return `${h} h ${String(min % 60).padStart(2, '0')} min`
  return `${Math.floor(h / 24)} d ${h % 24} h`
}

/** A share in percent ("92.5 %"); "—" when nothing was measured. */
export function formatPct(pct: number, of: number): string {
  if (of === 0) return '—'
  return `${pct.toFixed(1).replace(/\.0$/, '')} %`
}
