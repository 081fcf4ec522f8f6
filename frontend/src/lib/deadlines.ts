// Pure rules behind the deadline chip: which mark is next, how to say the
// countdown, which tone to use. Times are Unix ms.
import type { DeadlineDTO } from './wails'
import { formatClock } from './time'

export type ChipTone = 'ok' | 'soon' | 'late' | 'breached' | 'paused'

export interface ChipView {
  tone: ChipTone
  /** Short text on the chip, e.g. "12m", "late 5m", "missed 2h". */
  label: string
  /** The full explanation for the tooltip and screen readers. */
  title: string
  /** True when the platform's own reply window is what the chip counts to. */
  platformWindow: boolean
}

/** "45s", "12m", "3h 05m", "2d 4h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`
  const d = Math.floor(h / 24)
  return `${d}d ${h % 24}h`
}

/** A span in words: "45 s", "12 min", "5 h 40 min", "2 d 4 h" (no leading "0 …"). */
export function formatSpanWords(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
  const d = Math.floor(h / 24)
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`
}

// The clock marks are said the way every other time is (lib/time.ts).
export { formatClock }

/** The state at now, computed from the marks so the chip ticks between refetches. */
export function stateAt(d: DeadlineDTO, now: number): string {
  if (d.state === 'paused') return 'paused'
  if (d.publishedAt > 0 && now >= d.publishedAt) return 'breached'
  if (d.promiseWarnAt > 0 && now >= d.promiseWarnAt) return 'at_risk'
  if (d.internalAt > 0 && now >= d.internalAt) return 'late'
  if (d.warnAt > 0 && now >= d.warnAt) return 'imminent'
  return 'on_track'
}

export function chipView(d: DeadlineDTO, now: number): ChipView {
  const what = d.clock === 'resolution' ? 'Resolution' : d.kind === 'next' ? 'Next reply' : 'First reply'
  const windowFirst = d.windowAt > 0 && d.windowAt <= d.publishedAt
  const marks = [
    `internal target ${formatClock(d.internalAt, now)}`,
    `promised by ${formatClock(d.publishedAt, now)}`,
  ]
  if (d.windowAt > 0) marks.push(`platform reply window closes ${formatClock(d.windowAt, now)}`)
  let title = `${what}: ${marks.join(', ')}`
  if (d.uncertain) {
    title += ` — uncertain: ${d.uncertainReason || 'sync is stale'}, data as of ${d.dataAsOf > 0 ? formatClock(d.dataAsOf, now) : 'never'}`
  }
  const state = stateAt(d, now)
  switch (state) {
    case 'paused':
      return { tone: 'paused', label: 'paused', title: `${what}: the clock is stopped while waiting on the customer or snoozed`, platformWindow: false }
    case 'breached':
      return {
        tone: 'breached',
        label: `${windowFirst ? 'window closed' : 'missed'} ${formatSpan(now - d.publishedAt)}`,
        title,
        platformWindow: windowFirst,
      }
    case 'late':
    case 'at_risk':
      return { tone: 'late', label: `${formatSpan(d.publishedAt - now)} to promise`, title, platformWindow: windowFirst }
    case 'imminent':
      return { tone: 'soon', label: formatSpan(d.internalAt - now), title, platformWindow: false }
    default:
      return { tone: 'ok', label: formatSpan(d.internalAt - now), title, platformWindow: false }
  }
}

/**
 * The deadline in words for the thread header, one phrase per mark, e.g.
 * ["Internal target missed 5 h 40 min ago", "promise missed at 09:27"]. Each
 * phrase says which target it is about; the caller joins them so that a
 * wrapped line never starts with the separator.
 */
export function deadlineWords(d: DeadlineDTO, now: number): string[] {
  const what = d.clock === 'resolution' ? 'Resolution' : d.kind === 'next' ? 'Next reply' : 'First reply'
  if (d.state === 'paused') return [`${what}: clock paused while waiting on the customer or snoozed`]
  const clock = (ms: number) => formatClock(ms, now)
  const out: string[] = []
  if (d.internalAt > 0) {
    out.push(
      now >= d.internalAt
        ? `Internal target missed ${formatSpanWords(now - d.internalAt)} ago`
        : `Internal target in ${formatSpanWords(d.internalAt - now)} (${clock(d.internalAt)})`,
    )
  }
  if (d.publishedAt > 0) {
    const first = out.length === 0
    const promise = first ? 'Promise' : 'promise'
    out.push(
      now >= d.publishedAt
        ? `${promise} missed at ${clock(d.publishedAt)}`
        : (d.internalAt > 0 && now >= d.internalAt) || (d.promiseWarnAt > 0 && now >= d.promiseWarnAt)
          ? `${promise} due in ${formatSpanWords(d.publishedAt - now)} (${clock(d.publishedAt)})`
          : `${promise} by ${clock(d.publishedAt)}`,
    )
  }
  if (d.windowAt > 0) {
    out.push(now >= d.windowAt ? `reply window closed at ${clock(d.windowAt)}` : `reply window closes ${clock(d.windowAt)}`)
  }
  return out
}

/** Share of the way from the clock's start to the published promise (0–1), for the chip's bar. */
export function progress(d: DeadlineDTO, now: number): { elapsed: number; internalMark: number } {
  const span = d.publishedAt - d.startedAt
  if (span <= 0) return { elapsed: 1, internalMark: 1 }
  const clamp = (x: number) => Math.min(1, Math.max(0, x))
  return { elapsed: clamp((now - d.startedAt) / span), internalMark: clamp((d.internalAt - d.startedAt) / span) }
}

const EVENT_TEXT: Record<string, string> = {
  imminent: 'warning: internal target near',
  late: 'internal target passed',
  at_risk: 'promise at risk',
  breached: 'promise missed',
  achieved: 'answered within the promise',
  missed: 'answered after the promise',
  closed: 'clock stopped without a reply',
}

/** One line of a conversation's deadline history, e.g. "Response: internal target passed". */
export function eventText(clock: string, event: string): string {
  const what = clock === 'resolution' ? 'Resolution' : 'Response'
  return `${what}: ${EVENT_TEXT[event] ?? event.replace(/_/g, ' ')}`
}
