import { ConversationKind, ConversationStatus, Direction, Mood, Network } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as wails from '../../lib/wails'
import type { ComposeContextDTO, ConversationDTO, SavedReplyDTO } from '../../lib/wails'
import { NowProvider } from '../../lib/now'
import { Composer } from './Composer'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return {
    ...orig,
    composeContext: vi.fn(),
    saveDraft: vi.fn(),
    checkSensitive: vi.fn(),
    sendReply: vi.fn(),
    saveReply: vi.fn(),
    deleteReply: vi.fn(),
    setTone: vi.fn(),
  }
})

const HOUR = 3_600_000
const now = Date.now()

function conv(over: Partial<ConversationDTO> = {}): ConversationDTO {
  return {
    id: 7,
    handleId: 3,
    clientId: 1,
    clientName: 'Brightside Bakery',
    network: Network.Facebook,
    handleName: 'Brightside',
    kind: ConversationKind.Private,
    status: ConversationStatus.Open,
    customerName: 'Zoë Adler',
    customerUser: 'zoe',
    subject: '',
    excerpt: 'Is my cake ready?',
    lastDirection: Direction.In,
    lastMessageAt: now - HOUR,
    awaitingSince: now - HOUR,
    lastInboundAt: now - HOUR,
    snoozedUntil: 0,
    unread: 1,
    messageCount: 1,
    tags: [],
    customerId: 0,
    deadline: null,
    sentiment: { score: null, label: Mood.Unknown, trend: '', irate: false, reason: '' },
    ...over,
  }
}

let replies: SavedReplyDTO[] = []
let tone = ''

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <NowProvider>{ui}</NowProvider>
    </QueryClientProvider>,
  )
}

beforeEach(() => {
  vi.clearAllMocks()
  replies = []
  tone = ''
  vi.mocked(wails.composeContext).mockImplementation(
    async (): Promise<ComposeContextDTO> => ({ agent: 'Sam', tone, replies: [...replies], draft: null }),
  )
  vi.mocked(wails.saveDraft).mockResolvedValue(undefined)
  vi.mocked(wails.checkSensitive).mockResolvedValue([])
  vi.mocked(wails.saveReply).mockImplementation(async (r) => {
    const saved = { ...r, id: r.id || 100 + replies.length }
    replies = [...replies.filter((x) => x.id !== saved.id), saved]
    return saved
  })
  vi.mocked(wails.deleteReply).mockImplementation(async (id) => {
    replies = replies.filter((r) => r.id !== id)
  })
  vi.mocked(wails.setTone).mockImplementation(async (_c, notes) => {
    tone = notes.trim()
  })
})

describe('Composer reply window', () => {
  it('blocks a Messenger reply past 7 days, with the reason', async () => {
    wrap(<Composer c={conv({ lastInboundAt: now - 8 * 24 * HOUR })} />)
    const win = await screen.findByTestId('reply-window')
    expect(win.dataset.state).toBe('closed')
    expect(win.textContent).toContain('Meta no longer lets pages answer this conversation')
    const input = screen.getByTestId('composer-input')
    fireEvent.change(input, { target: { value: 'Sorry for the wait' } })
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', true)
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true })
    await new Promise((r) => setTimeout(r, 10))
    expect(wails.sendReply).not.toHaveBeenCalled()
  })

  it('says the human-agent tag applies past 24 h, and still sends', async () => {
    wrap(<Composer c={conv({ network: Network.Instagram, lastInboundAt: now - 25 * HOUR })} />)
    const win = await screen.findByTestId('reply-window')
    expect(win.dataset.state).toBe('human_agent')
    expect(win.textContent).toContain("Meta's human-agent tag")
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'On it' } })
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', false)
  })

  it('shows the time left inside 24 h and nothing on other networks', async () => {
    const { unmount } = wrap(<Composer c={conv({ lastInboundAt: now - 21 * HOUR - 60_000 })} />)
    expect((await screen.findByTestId('reply-window')).textContent).toBe('Messenger reply window: open for another 2 h')
    unmount()
    wrap(<Composer c={conv({ network: Network.X, lastInboundAt: now - 30 * 24 * HOUR })} />)
    await screen.findByTestId('saved-replies-manage')
    expect(screen.queryByTestId('reply-window')).toBeNull()
  })
})

describe('Saved replies dialog', () => {
  it('adds, inserts (variables filled, markup as text), edits the tone and deletes', async () => {
    wrap(<Composer c={conv({ network: Network.X, kind: ConversationKind.Public, handleName: '@AskBakery' })} />)
    await waitFor(() => expect(screen.getByTestId('saved-replies-manage')).toHaveProperty('disabled', false))
    fireEvent.click(screen.getByTestId('saved-replies-manage'))
    const dialog = await screen.findByTestId('saved-replies-dialog')
    const d = within(dialog)
    expect(d.getByTestId('saved-replies-empty').textContent).toContain('No saved replies yet')

    fireEvent.click(d.getByTestId('saved-reply-new'))
    const save = d.getByTestId('saved-reply-save')
    expect(save).toHaveProperty('disabled', true)
    fireEvent.change(d.getByTestId('saved-reply-title-input'), { target: { value: '<b>Thanks</b>' } })
    fireEvent.change(d.getByTestId('saved-reply-body-input'), { target: { value: 'Hi {customer_name}, {name}! — {agent} at {handle}' } })
    expect(d.getByTestId('saved-reply-typos').textContent).toContain('{name}')
    expect(d.getByTestId('saved-reply-preview').textContent).toContain('Hi Zoë, {name}! — Sam at @AskBakery')
    fireEvent.click(save)
    await waitFor(() => expect(wails.saveReply).toHaveBeenCalledWith({ id: 0, clientId: 1, title: '<b>Thanks</b>', body: 'Hi {customer_name}, {name}! — {agent} at {handle}' }))
    const item = await d.findByTestId('saved-reply')
    expect(item.querySelector('b')).toBeNull()
    expect(item.textContent).toContain('<b>Thanks</b>')
    expect(item.textContent).toContain('Only Brightside Bakery')

    fireEvent.change(d.getByTestId('tone-input'), { target: { value: 'Warm, no emoji.' } })
    fireEvent.click(d.getByTestId('tone-save'))
    await waitFor(() => expect(wails.setTone).toHaveBeenCalledWith(1, 'Warm, no emoji.'))

    fireEvent.click(within(item).getByTestId('saved-reply-insert'))
    await waitFor(() => expect(screen.queryByTestId('saved-replies-dialog')).toBeNull())
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('Hi Zoë, {name}! — Sam at @AskBakery')
    expect((await screen.findByTestId('tone-notes')).textContent).toContain('Warm, no emoji.')

    fireEvent.click(screen.getByTestId('saved-replies-manage'))
    const again = within(await screen.findByTestId('saved-replies-dialog'))
    fireEvent.click(again.getByTestId('saved-reply-delete'))
    fireEvent.click(again.getByTestId('saved-reply-delete-confirm'))
    await waitFor(() => expect(wails.deleteReply).toHaveBeenCalledWith(100))
    await waitFor(() => expect(again.queryByTestId('saved-reply')).toBeNull())
  })

  it('closes on Escape and keeps inbox shortcuts from firing behind it', async () => {
    const behind = vi.fn()
    window.addEventListener('keydown', behind)
    wrap(<Composer c={conv()} />)
    await waitFor(() => expect(screen.getByTestId('saved-replies-manage')).toHaveProperty('disabled', false))
    fireEvent.click(screen.getByTestId('saved-replies-manage'))
    await screen.findByTestId('saved-replies-dialog')
    fireEvent.keyDown(document.body, { key: 'e' })
    expect(behind).not.toHaveBeenCalled()
    fireEvent.keyDown(document.body, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('saved-replies-dialog')).toBeNull())
    window.removeEventListener('keydown', behind)
  })
})
