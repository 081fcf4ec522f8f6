import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { Network } from '../../lib/wails'
import * as data from '../../lib/wails/data'
import { RestoreBanner } from './RestoreBanner'

vi.mock('../../lib/wails/data', () => ({ restoreStatus: vi.fn() }))

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <RestoreBanner onOpen={() => {}} />
    </QueryClientProvider>,
  )
}

describe('RestoreBanner', () => {
  it('names the handles to sign in again after a restore', async () => {
    vi.mocked(data.restoreStatus).mockResolvedValue({
      pending: false, restored: true, keptAside: '/d/careinbox-before-restore.db',
      needSignIn: [{ handleId: 2, network: Network.Mastodon, displayName: '@Bakery', clientName: 'Bakery' }],
    })
    show()
    expect((await screen.findByTestId('restore-banner')).textContent).toContain('Sign in again to: @Bakery (mastodon)')
  })

  it('says nothing when no restore was applied', async () => {
    vi.mocked(data.restoreStatus).mockResolvedValue({ pending: false, restored: false, keptAside: '', needSignIn: [] })
    show()
    await vi.waitFor(() => expect(data.restoreStatus).toHaveBeenCalled())
    expect(screen.queryByTestId('restore-banner')).toBeNull()
  })
})
