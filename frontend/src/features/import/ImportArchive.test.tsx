import { Network, SyncState } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as imports from '../../lib/wails/imports'
import { ImportArchive, importPercent } from './ImportArchive'

let emit: (st: imports.ImportStatusDTO) => void = () => {}

vi.mock('../../lib/wails/imports', async (orig) => ({
  ...(await orig<typeof imports>()),
  pickArchive: vi.fn(async () => '/home/me/archive.zip'),
  pickArchiveFolder: vi.fn(async () => ''),
  startImport: vi.fn(async () => {}),
  importStatus: vi.fn(async () => null),
  cancelImport: vi.fn(async () => {}),
  onImport: vi.fn((_id: number, h: (st: imports.ImportStatusDTO) => void) => {
    emit = h
    return () => {}
  }),
}))

const handle = {
  id: 3, clientId: 1, network: Network.Email, displayName: 'help@', username: '', syncState: SyncState.OK,
  syncError: '', lastSyncAt: 0, retryAt: 0, backfill: 1, open: 0, unread: 0,
}

const status = (over: Partial<imports.ImportStatusDTO>): imports.ImportStatusDTO => ({
  handleId: 3, running: true, format: 'mbox', done: 0, total: 0, conversations: 0, messages: 0, new: 0, existing: 0,
  skipped: [], resumed: false, error: '', seq: 0, ...over,
})

describe('ImportArchive', () => {
  it('picks a file, starts the import, shows progress and then the summary with skips as text', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const { container } = render(
      <QueryClientProvider client={qc}>
        <ImportArchive handle={handle} onClose={() => {}} />
      </QueryClientProvider>,
    )
    fireEvent.change(screen.getByTestId('import-format'), { target: { value: 'mbox' } })
    fireEvent.click(screen.getByTestId('import-choose-file'))
    await waitFor(() => expect(imports.startImport).toHaveBeenCalledWith(3, '/home/me/archive.zip', 'mbox'))
    act(() => emit(status({ seq: 2, done: 50, total: 200, conversations: 4, messages: 9, new: 9 })))
    expect(screen.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('25')
    expect(screen.getByTestId('import-counts').textContent).toContain('4 conversations · 9 messages (9 new')
    expect(screen.queryByTestId('import-choose-file')).toBeNull() // one import at a time
    act(() => emit(status({ seq: 4, running: false, conversations: 8, messages: 20, new: 18, existing: 2,
      skipped: [{ reason: 'a post <b>of</b> the account', count: 2 }] })))
    expect(screen.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100')
    expect(screen.getByTestId('import-counts').textContent).toContain('Imported: 8 conversations · 20 messages (18 new, 2 already here)')
    expect(screen.getByTestId('import-skipped').textContent).toContain('2 skipped: a post <b>of</b> the account')
    expect(container.querySelector('.import-skipped b')).toBeNull()
    // A status read before the end but answered after it (a poll, an event
    // out of order) is older: the summary stays.
    act(() => emit(status({ seq: 3, running: true, conversations: 8, messages: 20, new: 18 })))
    expect(screen.getByTestId('import-counts').textContent).toContain('Imported: 8 conversations')
    expect(screen.queryByTestId('import-cancel')).toBeNull()
  })

  it('a percentage only once the size is known', () => {
    expect(importPercent(status({ total: 0 }))).toBeUndefined()
    expect(importPercent(status({ done: 3, total: 4 }))).toBe(75)
    expect(importPercent(status({ running: false }))).toBe(100)
  })

  it('reads event payloads field by field', () => {
    expect(imports.toImportStatus(null)).toBeNull()
    const st = imports.toImportStatus({ handleId: 3, running: true, messages: 'x', skipped: [{ reason: 'r', count: 2 }, 7] })
    expect(st?.messages).toBe(0)
    expect(st?.skipped).toEqual([{ reason: 'r', count: 2 }])
  })
})
