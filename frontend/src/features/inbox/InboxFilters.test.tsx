import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_FILTER, toFilterDTO } from '../../lib/filter'
import { NO_EXTRA } from './FilterBar'
import { activeFilterCount, InboxFilters } from './InboxFilters'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return { ...orig, listTags: vi.fn().mockResolvedValue([]), listViews: vi.fn().mockResolvedValue([]) }
})

describe('InboxFilters', () => {
  it('counts the filters set beyond the status', () => {
    expect(activeFilterCount({ unreadOnly: false }, NO_EXTRA)).toBe(0)
    expect(activeFilterCount({ unreadOnly: true }, { ...NO_EXTRA, network: 'x', tag: 'vip' })).toBe(3)
  })

  it('keeps the extra filters in a panel that Escape closes, from the button too', () => {
    render(
      <QueryClientProvider client={new QueryClient()}>
        <InboxFilters filter={DEFAULT_FILTER} onFilter={() => {}} extra={NO_EXTRA} onExtra={() => {}} current={toFilterDTO(DEFAULT_FILTER)} onApplyView={() => {}} />
      </QueryClientProvider>,
    )
    const panel = screen.getByTestId('filters-panel')
    expect(panel.hidden).toBe(true)
    const button = screen.getByTestId('more-filters')
    fireEvent.click(button)
    expect(panel.hidden).toBe(false)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    fireEvent.keyDown(button, { key: 'Escape' })
    expect(panel.hidden).toBe(true)
  })
})
