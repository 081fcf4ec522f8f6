// Report data for the unit tests of the Reports screen.
import { DeadlineKind } from '../../lib/wails'
import type { ReportFiguresDTO, ReportDTO } from '../../lib/wails'

const times = (count = 0, wall = 0, business = 0) => ({ count, wallMedianSec: wall, wallP90Sec: wall, businessMedianSec: business, businessP90Sec: business })

export function figures(over: Partial<ReportFiguresDTO> = {}): ReportFiguresDTO {
  const target = (t: DeadlineKind) => ({
    target: t, withDeadline: 0, promiseKept: 0, promiseBreached: 0, promiseKeptPct: 0, internalKept: 0, internalMissed: 0, internalKeptPct: 0, open: 0,
  })
  return {
    volume: { conversationsIn: 0, messagesIn: 0, messagesOut: 0, replied: 0, resolved: 0, stillOpen: 0 },
    firstResponse: times(),
    nextResponse: times(),
    resolution: times(),
    targets: [target(DeadlineKind.First), target(DeadlineKind.Next), target(DeadlineKind.Resolution)],
    breaches: [],
    firstResponseDistribution: [],
    perHandle: [],
    perNetwork: [],
    firstResponseByHour: [],
    ...over,
  }
}

const t0 = Date.UTC(2026, 10, 10, 9, 0)

/** A full report: every chart and table has rows; one name is hostile markup. */
export function fullReport(): ReportDTO {
  return {
    from: t0, to: t0, previousFrom: t0, previousTo: t0, zone: 'Europe/Paris',
    current: figures({
      volume: { conversationsIn: 40, messagesIn: 90, messagesOut: 70, replied: 38, resolved: 30, stillOpen: 10 },
      firstResponse: times(38, 42 * 60, 25 * 60),
      resolution: times(30, 2 * 86400, 7200),
      targets: [
        { target: DeadlineKind.First, withDeadline: 40, promiseKept: 37, promiseBreached: 3, promiseKeptPct: 92.5, internalKept: 30, internalMissed: 10, internalKeptPct: 75, open: 0 },
        { target: DeadlineKind.Next, withDeadline: 0, promiseKept: 0, promiseBreached: 0, promiseKeptPct: 0, internalKept: 0, internalMissed: 0, internalKeptPct: 0, open: 1 },
      ],
      firstResponseDistribution: [
        { label: '15 min', upToSec: 900, wall: 10, business: 14 },
        { label: '1 h', upToSec: 3600, wall: 12, business: 15 },
        { label: '4 h', upToSec: 14400, wall: 9, business: 6 },
        { label: 'later', upToSec: 0, wall: 7, business: 3 },
      ],
      firstResponseByHour: Array.from({ length: 24 }, (_, hour) => ({
        hour, count: hour >= 9 && hour < 18 ? 4 : 0, wallMedianSec: 1800, businessMedianSec: 1200,
      })),
      perHandle: [
        { key: '10', label: '=cmd|"/c calc"!A1', conversationsIn: 30, messagesIn: 60, replied: 28, resolved: 20, stillOpen: 8, firstResponse: times(28, 3000, 1500), promiseKeptPct: 90, promiseBreached: 3 },
        { key: '11', label: '@bakery', conversationsIn: 10, messagesIn: 30, replied: 10, resolved: 10, stillOpen: 0, firstResponse: times(10, 600, 600), promiseKeptPct: 100, promiseBreached: 0 },
      ],
      perNetwork: [
        { key: 'x', label: 'X', conversationsIn: 40, messagesIn: 90, replied: 38, resolved: 30, stillOpen: 8, firstResponse: times(38, 2520, 1500), promiseKeptPct: 92.5, promiseBreached: 3 },
      ],
      breaches: [
        { conversationId: 77, customer: '<img src=x onerror=alert(1)>Ann', client: 'Bakery', handle: '@bakery', target: DeadlineKind.First, startedAt: t0, dueAt: t0 + 3600_000, doneAt: 0, bySec: 5400 },
      ],
    }),
    previous: figures({ volume: { conversationsIn: 35, messagesIn: 80, messagesOut: 60, replied: 35, resolved: 33, stillOpen: 2 } }),
    hourOfWeek: Array.from({ length: 168 }, (_, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, messagesIn: i === 9 ? 12 : 0, staffed: i % 24 >= 9 && i % 24 < 17 })),
    backlog: Array.from({ length: 5 }, (_, i) => ({ at: t0 + i * 86400_000, open: 10 + i })),
    backlogStep: 'day',
  }
}
