import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as bf from '../../lib/wails/backfill'
import { BackfillPanel, backfillText } from './BackfillPanel'

vi.mock('../../lib/wails/backfill', () => ({
  backfillStatus: vi.fn(),
  startBackfill: vi.fn(),
  pauseBackfill: vi.fn(),
  resumeBackfill: vi.fn(),
  stopBackfill: vi.fn(),
}))

const base: bf.BackfillDTO = {
  handleId: 7, available: true, note: '', state: 'running', conversations: 40, messages: 100,
  total: 400, progress: 0.25, oldestAt: Date.UTC(2025, 2, 1), until: '', error: '',
}

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <BackfillPanel handleId={7} />
    </QueryClientProvider>,
  )
}

describe('BackfillPanel', () => {
  it('shows the share of a known total and pauses, then resumes', async () => {
    vi.mocked(bf.backfillStatus).mockResolvedValue(base)
    show()
    const bar = (await screen.findByTestId('backfill-progress')) as HTMLProgressElement
    expect(bar.value).toBe(25)
    expect(screen.getByTestId('backfill-text').textContent).toContain('25 % of 400 items')
    vi.mocked(bf.pauseBackfill).mockResolvedValueOnce({ ...base, state: 'paused' })
    fireEvent.click(screen.getByTestId('backfill-pause'))
    expect(await screen.findByTestId('backfill-resume')).toBeTruthy()
    expect(bf.pauseBackfill).toHaveBeenCalledWith(7)
    expect(screen.getByTestId('backfill-text').textContent).toMatch(/^Paused: 100 messages in 40 conversations, back to /)
  })

  it('says "so far, back to" without a total, with an indeterminate bar', async () => {
    vi.mocked(bf.backfillStatus).mockResolvedValue({ ...base, total: 0, progress: -1 })
    show()
    const bar = await screen.findByTestId('backfill-progress')
    expect(bar.hasAttribute('value')).toBe(false)
    expect(screen.getByTestId('backfill-text').textContent).toMatch(/100 messages in 40 conversations so far, back to /)
    fireEvent.click(screen.getByTestId('backfill-stop'))
    await waitFor(() => expect(bf.stopBackfill).toHaveBeenCalledWith(7))
  })

  it('starts on demand with a date not to go back before', async () => {
    vi.mocked(bf.backfillStatus).mockResolvedValue({ ...base, state: 'done', progress: 1 })
    vi.mocked(bf.startBackfill).mockResolvedValueOnce({ ...base, until: '2024-01-01' })
    show()
    fireEvent.click(await screen.findByTestId('backfill-open'))
    fireEvent.change(screen.getByTestId('backfill-until'), { target: { value: '2024-01-01' } })
    fireEvent.click(screen.getByTestId('backfill-start'))
    await waitFor(() => expect(bf.startBackfill).toHaveBeenCalledWith(7, '2024-01-01'))
    expect(await screen.findByTestId('backfill-pause')).toBeTruthy()
  })

  it('says why a network has no history, with no controls', async () => {
    vi.mocked(bf.backfillStatus).mockResolvedValue({ ...base, available: false, state: 'none', note: 'Telegram gives bots no message history.' })
    show()
    expect((await screen.findByTestId('backfill-note')).textContent).toBe('Telegram gives bots no message history.')
    expect(screen.queryByTestId('backfill-open')).toBeNull()
  })

  it('words every state', () => {
    expect(backfillText({ ...base, state: 'none' })).toContain('has not been fetched')
    expect(backfillText({ ...base, state: 'done', messages: 1, conversations: 1 })).toMatch(/^History fetched: 1 message in 1 conversation/)
    expect(backfillText(base, '5 minutes')).toContain('about 5 minutes left')
  })
})
