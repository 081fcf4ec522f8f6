import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { SidebarDTO } from '../../lib/wails'
import { Onboarding } from './Onboarding'

function wrap(sidebar: SidebarDTO, onDeadlines?: () => void) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <Onboarding sidebar={sidebar} onDeadlines={onDeadlines} />
    </QueryClientProvider>,
  )
}

const client = { id: 1, name: 'Corner Bakery', handles: [], open: 0, unread: 0 } as unknown as SidebarDTO['clients'][number]

describe('Onboarding', () => {
  it('leads to the hours and promises once there is a client, before anything is connected', () => {
    const onDeadlines = vi.fn()
    wrap({ clients: [client] } as unknown as SidebarDTO, onDeadlines)
    fireEvent.click(screen.getByTestId('onboarding-deadlines'))
    expect(onDeadlines).toHaveBeenCalledTimes(1)
  })

  it('offers no hours before the first client exists', () => {
    wrap({ clients: [] } as unknown as SidebarDTO, vi.fn())
    expect(screen.queryByTestId('onboarding-deadlines')).toBeNull()
  })
})
