import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ListenResultDTO, ListenSearchDTO, SidebarDTO } from '../../lib/wails'
import * as listen from '../../lib/wails/listen'
import { Listening } from './Listening'
import { Sparkline } from './Sparkline'
import { splitList, xReadsPerDay } from './terms'

vi.mock('../../lib/wails/listen', () => ({
  listenSearches: vi.fn(),
  saveListenSearch: vi.fn(),
  deleteListenSearch: vi.fn(),
  listenResults: vi.fn(),
  replyToListenResult: vi.fn(),
  markListenHandled: vi.fn(),
  muteListenAuthor: vi.fn(),
  muteListenWord: vi.fn(),
  unmuteListen: vi.fn(),
  listenMutes: vi.fn(),
  listenTrending: vi.fn(),
  listenSpikes: vi.fn(),
}))

vi.mock('../../lib/wails/deadlines', () => ({
  deadlineSettings: vi.fn().mockResolvedValue({ narrowed: [] }),
  savePolicy: vi.fn(),
  deletePolicy: vi.fn(),
}))

const sidebar = { clients: [{ id: 1, name: 'Acme', handles: [] }] } as unknown as SidebarDTO

const search: ListenSearchDTO = {
  id: 5, clientId: 1, name: 'Brand', terms: ['acme'], excludeWords: [], excludeAccounts: [], feeds: ['https://f.example/rss'],
  language: '', xEnabled: false, createdAt: 1,
  sources: [
    { source: 'handle:3', kind: 'handle', handleId: 3, handleName: 'Acme care', network: 'mastodon', feedUrl: '', lastRunAt: 5, nextRunAt: 9, errors: 0, lastError: '', note: 'This Mastodon server returned no posts for a text search' },
    { source: 'feed:https://f.example/rss', kind: 'feed', handleId: 0, handleName: '', network: 'feed', feedUrl: 'https://f.example/rss', lastRunAt: 5, nextRunAt: 9, errors: 1, lastError: 'the feed at f.example answered 500', note: '' },
  ],
  hourly: [0, 1, 4, 2],
}

const result = (id: number, text: string, extra: Partial<ListenResultDTO> = {}): ListenResultDTO => ({
  id, searchId: 5, network: 'mastodon', handleId: 3, url: 'https://m.example/@a/1', authorName: '<img src=x onerror=alert(1)>',
  authorUsername: 'ana@m.example', text, language: 'en', sentiment: -0.6, sentimentLabel: 'negative', reach: 3, postedAt: Date.now() - 60_000,
  handled: false, conversationId: 0, sample: false, canReply: true, ...extra,
})

function renderView(onOpen = vi.fn()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <Listening sidebar={sidebar} onOpen={onOpen} onClose={vi.fn()} />
    </QueryClientProvider>,
  )
  return onOpen
}

describe('Listening', () => {
  beforeEach(() => {
    vi.mocked(listen.listenSearches).mockResolvedValue([search])
    vi.mocked(listen.listenResults).mockResolvedValue([
      result(1, 'my acme bag <b>broke</b> see javascript:alert(1)'),
      result(2, 'feed entry', { network: 'feed', handleId: 0, canReply: false, url: 'javascript:alert(1)' }),
    ])
    vi.mocked(listen.listenMutes).mockResolvedValue([])
    vi.mocked(listen.listenTrending).mockResolvedValue([{ display: 'zipper', count: 4, previous: 0 }])
    vi.mocked(listen.replyToListenResult).mockResolvedValue(77)
    vi.mocked(listen.muteListenWord).mockResolvedValue()
    vi.mocked(listen.listenSpikes).mockResolvedValue([])
  })

  it('shows results as text, sources with their errors and notes, and only http(s) links', async () => {
    renderView()
    const rows = await screen.findAllByTestId('listen-result')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('my acme bag <b>broke</b>')
    expect(rows[0].querySelector('img, b')).toBeNull()
    expect(within(rows[0]).getByText('Open post').getAttribute('href')).toBe('https://m.example/@a/1')
    expect(within(rows[1]).queryByText('Open post')).toBeNull()
    expect(within(rows[1]).queryByTestId('listen-reply')).toBeNull()
    expect(screen.getByText(/answered 500/)).toBeTruthy()
    expect(screen.getByTestId('listen-source-note').textContent).toContain('no posts for a text search')
    expect(screen.getByTestId('listen-trending').textContent).toContain('zipper')
  })

  it('replies by opening the new conversation, and mutes a word', async () => {
    const onOpen = renderView()
    fireEvent.click((await screen.findAllByTestId('listen-reply'))[0])
    await waitFor(() => expect(onOpen).toHaveBeenCalledWith(77))
    expect(listen.replyToListenResult).toHaveBeenCalledWith(1)
    fireEvent.change(screen.getByTestId('listen-mute-word'), { target: { value: 'backpack' } })
    fireEvent.click(screen.getByTestId('listen-mute-word-go'))
    await waitFor(() => expect(listen.muteListenWord).toHaveBeenCalledWith(1, 'backpack'))
  })

  it('shows the last day\'s surges as text, says which did not reach the desktop, and shows a search\'s results', async () => {
    const hour = new Date(2026, 11, 4, 14).getTime()
    vi.mocked(listen.listenSpikes).mockResolvedValue([
      { searchId: 5, handleId: 0, name: 'Brand', metric: 'volume', hour, count: 42, title: 'Talk about “<b>Brand</b>” is surging',
        body: '42 in the hour from 14:00, usually about 6. Top words: zipper.', delivered: false },
      { searchId: 0, handleId: 3, name: 'Acme care', metric: 'negative', hour, count: 12, title: 'Negative talk about Acme care',
        body: '12 negative posts in the hour from 14:00 (usually 10% of them are).', delivered: true },
    ])
    renderView()
    const rows = await screen.findAllByTestId('listen-spike')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('Talk about “<b>Brand</b>” is surging')
    expect(rows[0].querySelector('b')).toBeNull()
    expect(rows[0].textContent).toContain('Top words: zipper')
    expect(within(rows[0]).getByTestId('listen-spike-undelivered')).toBeTruthy()
    expect(within(rows[1]).queryByTestId('listen-spike-undelivered')).toBeNull()
    expect(within(rows[1]).queryByTestId('listen-spike-show')).toBeNull() // a handle's mentions are in the inbox
    expect(rows[1].className).toContain('listen-spike-negative')
    fireEvent.click(within(rows[0]).getByTestId('listen-spike-show'))
    await waitFor(() => expect(listen.listenResults).toHaveBeenCalledWith(1, 5, 'newest'))
  })

  it('shows no surge section when nothing surged', async () => {
    renderView()
    await screen.findAllByTestId('listen-result')
    expect(screen.queryByTestId('listen-spikes')).toBeNull()
  })

  it('saves a new search from the form', async () => {
    vi.mocked(listen.saveListenSearch).mockResolvedValue(search)
    renderView()
    fireEvent.click(await screen.findByTestId('listen-new'))
    fireEvent.change(screen.getByTestId('listen-terms'), { target: { value: 'Acme, #acmebags,, Acmee' } })
    fireEvent.change(screen.getByTestId('listen-feeds'), { target: { value: 'https://a.example/rss\n\n' } })
    expect(screen.getByTestId('listen-x-note').textContent).toContain('2,880 reads a day')
    fireEvent.click(screen.getByTestId('listen-save'))
    await waitFor(() => expect(listen.saveListenSearch).toHaveBeenCalled())
    expect(vi.mocked(listen.saveListenSearch).mock.calls[0][0]).toMatchObject({
      clientId: 1, terms: ['Acme', '#acmebags', 'Acmee'], feeds: ['https://a.example/rss'], xEnabled: false,
    })
  })
})

describe('helpers', () => {
  it('splits lists and estimates X reads', () => {
    expect(splitList(' a, b\n,c ')).toEqual(['a', 'b', 'c'])
    expect(xReadsPerDay(1)).toBe(960)
  })
  it('draws a sparkline with its numbers in words', () => {
    render(<Sparkline values={[1, 2, 3]} />)
    expect(screen.getByTestId('listen-sparkline').getAttribute('aria-label')).toBe('6 in the last 3 hours')
  })
})
