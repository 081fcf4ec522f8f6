import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as deadlines from '../../lib/wails/deadlines'
import { ProactivePolicy, proactivePolicy } from './ProactivePolicy'

vi.mock('../../lib/wails/deadlines', () => ({ deadlineSettings: vi.fn(), savePolicy: vi.fn(), deletePolicy: vi.fn() }))

function renderIt() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <ProactivePolicy clientId={3} />
    </QueryClientProvider>,
  )
}

describe('ProactivePolicy', () => {
  it('is off by default and saves a proactive policy when switched on', async () => {
    vi.mocked(deadlines.deadlineSettings).mockResolvedValue({ narrowed: [] } as unknown as Awaited<ReturnType<typeof deadlines.deadlineSettings>>)
    vi.mocked(deadlines.savePolicy).mockResolvedValue()
    renderIt()
    const box = (await screen.findByTestId('listen-proactive-on')) as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(screen.getByTestId('listen-proactive').textContent).toContain('without a deadline')
    fireEvent.click(box)
    await waitFor(() => expect(deadlines.savePolicy).toHaveBeenCalledWith(3, 0, 'proactive', proactivePolicy(4)))
  })

  it('shows a saved policy and removes it when switched off', async () => {
    vi.mocked(deadlines.deadlineSettings).mockResolvedValue({
      narrowed: [{ handleId: 0, kind: 'proactive', policy: proactivePolicy(8) }],
    } as unknown as Awaited<ReturnType<typeof deadlines.deadlineSettings>>)
    vi.mocked(deadlines.deletePolicy).mockResolvedValue()
    renderIt()
    const box = (await screen.findByTestId('listen-proactive-on')) as HTMLInputElement
    expect(box.checked).toBe(true)
    expect((screen.getByLabelText('Hours to answer a proactive reply') as HTMLInputElement).value).toBe('8')
    fireEvent.click(box)
    await waitFor(() => expect(deadlines.deletePolicy).toHaveBeenCalledWith(3, 0, 'proactive'))
  })
})
