import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { Network, type SidebarDTO } from '../../lib/wails'
import * as data from '../../lib/wails/data'
import { DataScreen } from './DataScreen'

vi.mock('../../lib/wails/data', async (orig) => ({
  ...(await orig<typeof import('../../lib/wails/data')>()),
  exportData: vi.fn(),
  backupNow: vi.fn(),
  listBackups: vi.fn(async () => []),
  backupSettings: vi.fn(async () => ({ daily: true, keep: 7, lastAt: 0, folder: '/data/backups' })),
  saveBackupSettings: vi.fn(async () => {}),
  stageRestore: vi.fn(),
  cancelRestore: vi.fn(async () => {}),
  restoreStatus: vi.fn(async () => ({ pending: false, restored: false, keptAside: '', needSignIn: [] })),
  quitToRestore: vi.fn(),
  findCustomers: vi.fn(async () => [{ id: 7, network: Network.Mastodon, username: 'zoe@x', displayName: 'Zoë', messages: 3 }]),
  forgetCustomer: vi.fn(async () => ({ id: 1, at: 0, customerId: 7, handleIds: [1], conversations: 2, messages: 3, compacted: true })),
  listErasures: vi.fn(async () => []),
}))

const sidebar = { clients: [{ id: 1, name: 'Bakery', handles: [] }] } as unknown as SidebarDTO

function renderScreen(initial?: Parameters<typeof DataScreen>[0]['initial']) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <DataScreen sidebar={sidebar} initial={initial} onClose={() => {}} />
    </QueryClientProvider>,
  )
}

describe('DataScreen', () => {
  it('exports the conversation it was opened for, notes only when ticked', async () => {
    vi.mocked(data.exportData).mockResolvedValue({ path: '/tmp/c.html', conversations: 1, messages: 4, notes: 0 })
    renderScreen({ kind: 'conversation', conversationId: 42 })
    fireEvent.click(screen.getByTestId('export-run'))
    await screen.findByTestId('export-result')
    expect(data.exportData).toHaveBeenLastCalledWith(expect.objectContaining({ conversationId: 42, client: '' }), 'html', false)
    fireEvent.click(screen.getByTestId('export-notes'))
    fireEvent.click(screen.getByTestId('export-format-csv'))
    fireEvent.click(screen.getByTestId('export-run'))
    await waitFor(() => expect(data.exportData).toHaveBeenLastCalledWith(expect.objectContaining({ conversationId: 42 }), 'csv', true))
  })

  it('finds the customer to export by name', async () => {
    vi.mocked(data.exportData).mockResolvedValue({ path: '/tmp/z.json', conversations: 2, messages: 3, notes: 0 })
    renderScreen({ kind: 'customer' })
    expect((screen.getByTestId('export-run') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('export-customer-search'), { target: { value: 'Zoë' } })
    fireEvent.click(await screen.findByTestId('export-customer-choice'))
    fireEvent.click(screen.getByTestId('export-format-json'))
    fireEvent.click(screen.getByTestId('export-run'))
    await screen.findByTestId('export-result')
    expect(data.exportData).toHaveBeenLastCalledWith(expect.objectContaining({ customerId: 7 }), 'json', false)
  })

  it('keeps Export disabled until the scope is complete', () => {
    renderScreen({ kind: 'search', search: '' })
    expect((screen.getByTestId('export-run') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('export-search'), { target: { value: 'refund' } })
    expect((screen.getByTestId('export-run') as HTMLButtonElement).disabled).toBe(false)
  })

  it('forgets a customer only after the confirmation', async () => {
    renderScreen()
    fireEvent.change(screen.getByTestId('forget-search'), { target: { value: 'Zoë' } })
    fireEvent.click(await screen.findByTestId('forget-choose'))
    expect(data.forgetCustomer).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('forget-erase'))
    expect((await screen.findByTestId('forget-result')).textContent).toBe('Erased 2 conversations and 3 messages.')
    expect(data.forgetCustomer).toHaveBeenCalledWith(7)
  })

  it('asks before restoring and lists the handles to sign in again', async () => {
    vi.mocked(data.stageRestore).mockResolvedValue({
      path: '/b.db', handles: 2, needSignIn: [{ handleId: 3, network: Network.Mastodon, displayName: '@Bakery', clientName: 'Bakery' }],
    })
    renderScreen()
    fireEvent.click(screen.getByTestId('restore-start'))
    expect(data.stageRestore).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('restore-choose'))
    await screen.findByTestId('restore-staged')
    expect(data.stageRestore).toHaveBeenCalledWith('')
    expect(screen.getAllByTestId('needs-sign-in')[0].textContent).toContain('@Bakery')
  })

  it('restores a listed backup without the system dialog, after the confirmation', async () => {
    // Every fetch of the list (staging refreshes it) has the one backup.
    vi.mocked(data.listBackups).mockResolvedValue([{ path: '/data/backups/careinbox-backup-1.db', bytes: 4096, at: 1_700_000_000_000 }])
    vi.mocked(data.stageRestore).mockClear().mockResolvedValue({ path: '/data/backups/careinbox-backup-1.db', handles: 1, needSignIn: [] })
    renderScreen()
    fireEvent.click(await screen.findByTestId('backup-restore'))
    expect(data.stageRestore).not.toHaveBeenCalled()
    expect(screen.getByTestId('restore-confirm').textContent).toContain('Replace this workspace with the backup of')
    fireEvent.click(screen.getByTestId('restore-run'))
    await screen.findByTestId('restore-staged')
    expect(data.stageRestore).toHaveBeenLastCalledWith('/data/backups/careinbox-backup-1.db')
    expect((screen.getByTestId('backup-restore') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByTestId('restore-quit'))
    expect(data.quitToRestore).toHaveBeenCalled()
    vi.mocked(data.listBackups).mockResolvedValue([])
  })
})
