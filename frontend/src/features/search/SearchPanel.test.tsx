import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { type SearchResultDTO } from '../../lib/wails'
import * as triage from '../../lib/wails/triage'
import { NO_SEARCH_FILTERS, SearchPanel, searchSummary, type SearchFilters } from './SearchPanel'

vi.mock('../../lib/wails/triage', () => ({ searchMessages: vi.fn(), listTags: vi.fn() }))

const hit = (kind: string, id: number): SearchResultDTO => ({
  messageId: kind === 'message' ? id : 0,
  noteId: kind === 'note' ? id : 0,
  conversationId: 100 + id,
  authorName: 'Zoë',
  sentAt: Date.UTC(2026, 10, 30, 9),
  snippet: 'a \u0002double charge\u0003 on my card',
  kind,
  direction: 'in',
  status: 'open',
  network: 'email',
  handleName: 'help@bakery.example',
  clientName: 'Bakery',
  customerName: 'Zoë',
} as SearchResultDTO)

function Harness() {
  const [filters, setFilters] = useState<SearchFilters>(NO_SEARCH_FILTERS)
  return (
    <SearchPanel text="double charge" handleId={0} filters={filters} onFilters={setFilters} sidebar={undefined} openId={null} onOpen={() => {}} />
  )
}

function renderPanel() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <Harness />
    </QueryClientProvider>,
  )
}

beforeEach(() => {
  vi.mocked(triage.listTags).mockReset().mockResolvedValue([])
  vi.mocked(triage.searchMessages)
    .mockReset()
    .mockImplementation(async (q) =>
      q.relevance
        ? { hits: [hit('subject', 1), hit('message', 2)], matches: 2000, moreMatches: true, bounded: true, candidates: 2000, prefixBounded: false, prefixTerms: 16 }
        : { hits: [hit('message', 2), hit('note', 3), hit('subject', 1)], matches: 3, moreMatches: false, bounded: false, candidates: 2000, prefixBounded: false, prefixTerms: 16 },
    )
})

describe('search panel', () => {
  it('offers best match as a choice and says when the ranking was bounded', async () => {
    renderPanel()
    const count = await screen.findByTestId('search-count')
    expect(count.textContent).toBe('3 matches')
    expect(vi.mocked(triage.searchMessages).mock.lastCall?.[0].relevance).toBe(false)
    expect(screen.getAllByTestId('search-hit').map((h) => h.getAttribute('data-kind'))).toEqual(['message', 'note', 'subject'])
    expect(screen.getByText('Note')).toBeTruthy()
    expect(screen.getByText('Subject')).toBeTruthy()

    fireEvent.change(screen.getByTestId('search-order'), { target: { value: 'relevance' } })
    await waitFor(() => expect(screen.getByTestId('search-count').getAttribute('data-bounded')).toBe('true'))
    expect(vi.mocked(triage.searchMessages).mock.lastCall?.[0].relevance).toBe(true)
    expect(screen.getByTestId('search-count').textContent).toBe(
      'More than 2,000 matches · showing 2 · best match among the newest 2,000 of each kind',
    )

    fireEvent.change(screen.getByTestId('search-order'), { target: { value: 'newest' } })
    await waitFor(() => expect(screen.getByTestId('search-count').textContent).toBe('3 matches'))
  })

  it('counts in words', () => {
    const r = { matches: 1, moreMatches: false, bounded: false, candidates: 2000 }
    expect(searchSummary(r, 1)).toBe('1 match')
    expect(searchSummary({ ...r, matches: 1234 }, 100)).toBe('1,234 matches · showing 100')
    expect(searchSummary({ ...r, matches: 2000, moreMatches: true }, 100)).toBe('More than 2,000 matches · showing 100')
    expect(searchSummary({ ...r, matches: 40, prefixBounded: true, prefixTerms: 16 }, 40)).toBe(
      '40 matches · the word being typed matched only its 16 most common completions',
    )
  })
})
