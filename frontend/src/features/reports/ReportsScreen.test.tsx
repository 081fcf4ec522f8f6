import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Network, type SidebarDTO } from '../../lib/wails'
import * as download from '../../lib/download'
import * as reports from '../../lib/wails/reports'
import { fullReport } from './fixtures'
import { Reports } from './Reports'

vi.mock('../../lib/wails/reports', () => ({
  report: vi.fn(),
  insights: vi.fn(),
  clientReport: vi.fn(),
  saveExport: vi.fn(),
}))
vi.mock('../../lib/download', () => ({ saveFile: vi.fn(), saveCsv: vi.fn() }))

const h = (id: number, clientId: number, network: string, username: string) => ({ id, clientId, network, username, displayName: username })
const sidebar = {
  clients: [
    { id: 1, name: 'Bakery', handles: [h(10, 1, 'x', 'bakery'), h(11, 1, 'facebook', 'bakerypage')] },
    { id: 2, name: 'Garage', handles: [h(20, 2, 'email', 'help@garage.example')] },
  ],
} as unknown as SidebarDTO

const term = (t: string, query: string) => ({ term: t, display: t, conversations: 5, previous: 1, score: 2, query })
const insightsData = {
  terms: [term('refund', 'refund'), term('\u202Eevil', '"\u202Eevil"')],
  phrases: [term('late delivery', '"late delivery"')],
  tags: [{ tag: 'billing', conversations: 4, previous: 2 }],
  issues: [{ label: 'Late delivery', terms: ['late', 'delivery'], conversations: 3, conversationIds: [1, 2, 3], query: 'late delivery' }],
  customers: [{ customerId: 9, name: '<b>Zoë</b>', network: Network.X, conversations: 4 }],
  privateIncluded: false,
  messagesRead: 120,
  capped: false,
}

function renderReports(onSearch = vi.fn()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const utils = render(
    <QueryClientProvider client={qc}>
      <Reports sidebar={sidebar} onOpen={() => {}} onSearch={onSearch} onClose={() => {}} today={new Date(2026, 11, 1)} />
    </QueryClientProvider>,
  )
  return { ...utils, onSearch }
}

beforeEach(() => {
  vi.mocked(reports.report).mockReset().mockResolvedValue(fullReport())
  vi.mocked(reports.insights).mockReset().mockResolvedValue(insightsData)
})

describe('Reports screen', () => {
  it('narrows the scope by client, handle, network and channel kind, and says it in words', async () => {
    renderReports()
    await screen.findByTestId('report-headline')
    const last = () => vi.mocked(reports.report).mock.lastCall
    expect(screen.getByTestId('report-scope-words').textContent).toBe('All clients, every handle, every channel kind')

    fireEvent.change(screen.getByTestId('report-client'), { target: { value: '1' } })
    // The handle picker offers only the client's handles.
    const handles = within(screen.getByTestId('report-handle')).getAllByRole('option').map((o) => o.textContent)
    expect(handles).toEqual(['Every handle', '@bakery (X)', 'bakerypage (Facebook)'.replace('bakerypage', '@bakerypage')])
    fireEvent.change(screen.getByTestId('report-handle'), { target: { value: '10' } })
    await waitFor(() => expect(last()).toEqual([{ clientId: 1, handleId: 10, network: 'x', kind: '' }, '2026-12-01', '2026-12-31']))
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'private' } })
    await waitFor(() => expect(last()?.[0]).toEqual({ clientId: 1, handleId: 10, network: 'x', kind: 'private' }))
    expect(screen.getByTestId('report-scope-words').textContent).toBe('Bakery, handle @bakery (X), private messages')
    // Insights follow the scope.
    await waitFor(() => expect(vi.mocked(reports.insights).mock.lastCall?.[0]).toEqual({ clientId: 1, handleId: 10, network: 'x', kind: 'private' }))

    // Another client drops the handle and its network.
    fireEvent.change(screen.getByTestId('report-client'), { target: { value: '2' } })
    await waitFor(() => expect(last()?.[0]).toEqual({ clientId: 2, handleId: 0, network: '', kind: 'private' }))
    fireEvent.change(screen.getByTestId('report-network'), { target: { value: 'email' } })
    await waitFor(() => expect(last()?.[0]).toEqual({ clientId: 2, handleId: 0, network: 'email', kind: 'private' }))
  })

  it('takes a custom period only when it is valid', async () => {
    renderReports()
    await screen.findByTestId('report-headline')
    fireEvent.click(screen.getByRole('button', { name: 'Custom' }))
    // It starts from the period shown.
    expect((screen.getByTestId('report-from') as HTMLInputElement).value).toBe('2026-12-01')
    expect((screen.getByTestId('report-to') as HTMLInputElement).value).toBe('2026-12-31')
    const calls = vi.mocked(reports.report).mock.calls.length

    fireEvent.change(screen.getByTestId('report-to'), { target: { value: '2026-11-15' } })
    expect(screen.getByTestId('report-custom-error').textContent).toBe('The last day is before the first day.')
    expect(screen.getByTestId('report-custom-error').getAttribute('role')).toBe('alert')
    expect(screen.getByTestId('report-to').getAttribute('aria-invalid')).toBe('true')
    expect(screen.queryByTestId('report-headline')).toBeNull()
    expect(vi.mocked(reports.report).mock.calls.length).toBe(calls)

    fireEvent.change(screen.getByTestId('report-from'), { target: { value: '2023-01-01' } })
    expect(screen.getByTestId('report-custom-error').textContent).toContain('at most 731 days')

    fireEvent.change(screen.getByTestId('report-from'), { target: { value: '2026-11-02' } })
    await waitFor(() => expect(vi.mocked(reports.report).mock.lastCall?.slice(1)).toEqual(['2026-11-02', '2026-11-15']))
    await screen.findByTestId('report-headline')
    expect(screen.getByTestId('report-days').textContent).toBe(
      '2026-11-02 to 2026-11-15 (included), in Europe/Paris, beside the 14 days before (2026-10-19 to 2026-11-01).',
    )
    expect(screen.getByTestId('report-rules').textContent).toContain('the period its clock started in')
  })

  it('shows every chart with its table, per handle and per network tables, and downloads their CSV', async () => {
    const { container } = renderReports()
    await screen.findByTestId('report-headline')
    for (const id of ['distribution', 'by-hour', 'backlog', 'targets']) {
      expect(screen.getByTestId(`report-chart-${id}-table`)).toBeTruthy()
    }
    expect(within(screen.getByTestId('report-chart-backlog-table')).getAllByRole('row')).toHaveLength(1 + 5)
    const perHandle = screen.getByTestId('report-per-handle')
    const rows = within(perHandle).getAllByTestId('report-per-handle-row')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('=cmd|"/c calc"!A1')
    expect(within(screen.getByTestId('report-per-network')).getAllByTestId('report-per-network-row')).toHaveLength(1)
    expect(screen.getByTestId('report-figure-resolution').textContent).toContain('2 h 00 min')

    vi.mocked(download.saveCsv).mockResolvedValue('Downloaded.')
    fireEvent.click(screen.getByTestId('report-per-handle-csv'))
    const [name, csv] = vi.mocked(download.saveCsv).mock.lastCall ?? []
    expect(name).toBe('report-per-handle-2026-12-01-2026-12-31.csv')
    const lines = (csv ?? '').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(1 + rows.length)
    expect(lines[0].startsWith('Handle,Conversations in,')).toBe(true)
    // A formula in a handle's name is defused.
    expect(lines[1].startsWith(`"'=cmd|""/c calc""!A1",30,`)).toBe(true)
    await screen.findByText('Downloaded.')
    fireEvent.click(screen.getByTestId('report-breaches-csv'))
    expect(vi.mocked(download.saveCsv).mock.lastCall?.[0]).toBe('report-breaches-2026-12-01-2026-12-31.csv')
    expect(container.querySelector('img, b')).toBeNull()
  })

  it('saves a client report for one client only', async () => {
    renderReports()
    await screen.findByTestId('report-headline')
    const pdf = screen.getByTestId('report-save-pdf') as HTMLButtonElement
    expect(pdf.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('report-client'), { target: { value: '1' } })
    expect(pdf.disabled).toBe(false)
    const file = { fileName: 'bakery.pdf', mime: 'application/pdf', base64: 'JVBERi0=' }
    vi.mocked(reports.clientReport).mockResolvedValue(file)
    vi.mocked(download.saveFile).mockResolvedValue('Saved /tmp/bakery.pdf.')
    fireEvent.click(pdf)
    await waitFor(() => expect(screen.getByTestId('report-save-status').textContent).toBe('Saved /tmp/bakery.pdf.'))
    expect(reports.clientReport).toHaveBeenLastCalledWith({ clientId: 1, handleId: 0, network: '', kind: '' }, '2026-12-01', '2026-12-31', 'pdf')
    expect(download.saveFile).toHaveBeenLastCalledWith(file)
    fireEvent.click(screen.getByTestId('report-save-html'))
    await waitFor(() => expect(vi.mocked(reports.clientReport).mock.lastCall?.[3]).toBe('html'))
  })

  it('insights open a search, read private words only when asked, and render customer text as text', async () => {
    const { container, onSearch } = renderReports()
    const panel = await screen.findByTestId('report-insights')
    await within(panel).findByText('refund')
    expect(reports.insights).toHaveBeenLastCalledWith({ clientId: 0, handleId: 0, network: '', kind: '' }, '2026-12-01', '2026-12-31', false)
    fireEvent.click(within(panel).getByText('refund'))
    expect(onSearch).toHaveBeenLastCalledWith('refund')
    fireEvent.click(within(panel).getByText('Late delivery'))
    expect(onSearch).toHaveBeenLastCalledWith('late delivery')
    // Names and terms are text inside <bdi>, never markup.
    expect(within(panel).getByText('<b>Zoë</b>').tagName).toBe('BDI')
    expect(within(panel).getByText('\u202Eevil').tagName).toBe('BDI')
    expect(container.querySelector('b')).toBeNull()
    expect(screen.getByTestId('report-insights-read').textContent).toContain('120 messages')

    const box = screen.getByTestId('report-insights-private') as HTMLInputElement
    expect(box.checked).toBe(false)
    fireEvent.click(box)
    await waitFor(() => expect(vi.mocked(reports.insights).mock.lastCall?.[3]).toBe(true))
  })
})

describe('Insights lists', () => {
  it('show ten terms until "Show all"', async () => {
    const many = Array.from({ length: 14 }, (_, i) => term(`word${i}`, `word${i}`))
    vi.mocked(reports.insights).mockReset().mockResolvedValue({ ...insightsData, terms: many })
    renderReports()
    const list = await screen.findByTestId('report-insights-terms')
    await within(list).findByText('word0')
    expect(within(list).getAllByTestId('report-insight-term')).toHaveLength(10)
    fireEvent.click(within(list).getByText('Show all 14'))
    expect(within(list).getAllByTestId('report-insight-term')).toHaveLength(14)
  })
})
