import { DeadlineKind, type ReportDTO, type ReportFiguresDTO, type SidebarDTO } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as reports from '../../lib/wails/reports'
import { Reports } from './Reports'

vi.mock('../../lib/wails/reports', () => ({
  report: vi.fn(),
  insights: vi.fn(),
  clientReport: vi.fn(),
  saveExport: vi.fn(),
}))

function figures(over: Partial<ReportFiguresDTO>): ReportFiguresDTO {
  const target = (t: DeadlineKind) => ({
    target: t, withDeadline: 0, promiseKept: 0, promiseBreached: 0, promiseKeptPct: 0, internalKept: 0, internalMissed: 0, internalKeptPct: 0, open: 0,
  })
  return {
    volume: { conversationsIn: 0, messagesIn: 0, messagesOut: 0, replied: 0, resolved: 0, stillOpen: 0 },
    firstResponse: { count: 0, wallMedianSec: 0, wallP90Sec: 0, businessMedianSec: 0, businessP90Sec: 0 },
    nextResponse: { count: 0, wallMedianSec: 0, wallP90Sec: 0, businessMedianSec: 0, businessP90Sec: 0 },
    targets: [target(DeadlineKind.First), target(DeadlineKind.Next), target(DeadlineKind.Resolution)],
    breaches: [],
    resolution: { count: 0, wallMedianSec: 0, wallP90Sec: 0, businessMedianSec: 0, businessP90Sec: 0 },
    firstResponseDistribution: [], perHandle: [], perNetwork: [], firstResponseByHour: [],
    ...over,
  }
}

const t0 = Date.UTC(2026, 10, 10, 9, 0)
const r: ReportDTO = {
  from: t0, to: t0, previousFrom: t0, previousTo: t0, zone: 'Europe/Paris',
  current: figures({
    volume: { conversationsIn: 40, messagesIn: 90, messagesOut: 70, replied: 38, resolved: 30, stillOpen: 10 },
    firstResponse: { count: 38, wallMedianSec: 42 * 60, wallP90Sec: 0, businessMedianSec: 25 * 60, businessP90Sec: 0 },
    targets: [
      { target: DeadlineKind.First, withDeadline: 40, promiseKept: 37, promiseBreached: 3, promiseKeptPct: 92.5, internalKept: 30, internalMissed: 10, internalKeptPct: 75, open: 0 },
      { target: DeadlineKind.Next, withDeadline: 0, promiseKept: 0, promiseBreached: 0, promiseKeptPct: 0, internalKept: 0, internalMissed: 0, internalKeptPct: 0, open: 1 },
    ],
    breaches: [
      { conversationId: 77, customer: '<img src=x onerror=alert(1)>Ann', client: 'Bakery', handle: '@bakery', target: DeadlineKind.First,
        startedAt: t0, dueAt: t0 + 3600_000, doneAt: 0, bySec: 5400 },
    ],
  }),
  previous: figures({
    volume: { conversationsIn: 35, messagesIn: 80, messagesOut: 60, replied: 35, resolved: 33, stillOpen: 2 },
    firstResponse: { count: 35, wallMedianSec: 3 * 3600 + 5 * 60, wallP90Sec: 0, businessMedianSec: 50 * 60, businessP90Sec: 0 },
    targets: [
      { target: DeadlineKind.First, withDeadline: 35, promiseKept: 35, promiseBreached: 0, promiseKeptPct: 100, internalKept: 28, internalMissed: 7, internalKeptPct: 80, open: 0 },
    ],
  }),
  hourOfWeek: Array.from({ length: 168 }, (_, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, messagesIn: i === 9 ? 12 : 0, staffed: i % 24 >= 9 && i % 24 < 17 })),
  backlog: [], backlogStep: 'hour',
}

const sidebar = { clients: [{ id: 3, name: 'Bakery', handles: [] }] } as unknown as SidebarDTO

describe('Reports', () => {
  it('shows the figures beside the previous period, breaches that open their conversation, and the heat map', async () => {
    vi.mocked(reports.report).mockResolvedValue(r)
    const onOpen = vi.fn()
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const { container } = render(
      <QueryClientProvider client={qc}>
        <Reports sidebar={sidebar} onOpen={onOpen} onClose={() => {}} today={new Date(2026, 11, 1)} />
      </QueryClientProvider>,
    )
    const promise = await screen.findByTestId('report-figure-promise')
    expect(reports.report).toHaveBeenLastCalledWith({ clientId: 0, handleId: 0, network: '', kind: '' }, '2026-12-01', '2026-12-31')
    expect(within(promise).getByTestId('value').textContent).toBe('92.5 %')
    expect(promise.textContent).toContain('previous: 100 %')
    expect(within(screen.getByTestId('report-figure-internal')).getByTestId('value').textContent).toBe('75 %')
    expect(within(screen.getByTestId('report-figure-first-business')).getByTestId('value').textContent).toBe('25 min')
    expect(screen.getByTestId('report-figure-first-wall').textContent).toContain('previous: 3 h 05 min')
    expect(within(screen.getByTestId('report-figure-volume')).getByTestId('value').textContent).toBe('40')

    // The heat map: 7 days × 24 hours, staffed hours marked, counts as text.
    const cells = screen.getByTestId('report-heatmap').querySelectorAll('td')
    expect(cells).toHaveLength(168)
    expect(cells[9].textContent).toContain('12')
    expect(cells[9].getAttribute('data-staffed')).toBe('true')
    expect(cells[3].getAttribute('data-staffed')).toBe('false')

    // An untrusted name is text; clicking the row opens the conversation.
    expect(container.querySelector('img')).toBeNull()
    const row = screen.getByTestId('report-breach')
    expect(row.textContent).toContain('<img src=x onerror=alert(1)>Ann')
    expect(row.textContent).toContain('not answered yet')
    fireEvent.click(row)
    expect(onOpen).toHaveBeenCalledWith(77)

    // Another period and one client ask again.
    fireEvent.click(screen.getByRole('button', { name: 'Last week' }))
    await waitFor(() =>
      expect(reports.report).toHaveBeenLastCalledWith({ clientId: 0, handleId: 0, network: '', kind: '' }, '2026-11-23', '2026-11-29'),
    )
    fireEvent.change(screen.getByTestId('report-client'), { target: { value: '3' } })
    await waitFor(() =>
      expect(reports.report).toHaveBeenLastCalledWith({ clientId: 3, handleId: 0, network: '', kind: '' }, '2026-11-23', '2026-11-29'),
    )
  })
})
