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
    checkWords: vi.fn(),
    getGuide: vi.fn(),
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
const NO_VOICE = { tone: '', humour: 'care', humourRule: '', examples: [], avoid: [], prefer: [], signoff: '', appendSignoff: false }
let voiceCtx: Pick<ComposeContextDTO, 'voice' | 'signoff' | 'appendSignoff'> = { voice: NO_VOICE, signoff: '', appendSignoff: false }

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
  voiceCtx = { voice: NO_VOICE, signoff: '', appendSignoff: false }
  vi.mocked(wails.composeContext).mockImplementation(
    async (): Promise<ComposeContextDTO> => ({ agent: 'Sam', tone, replies: [...replies], draft: null, ...voiceCtx }),
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

describe('Composer tone of voice', () => {
  const voice = {
    ...NO_VOICE,
    tone: 'Warm and brief.',
    humour: 'never',
    humourRule: 'No jokes about late cakes.',
    examples: [{ right: "Sorry — I'll check with the kitchen now.", wrong: '<b>Not our fault lol</b>', note: '' }],
    avoid: [
      { phrase: 'LOL', alternative: '' },
      { phrase: 'per our policy', alternative: 'we usually' },
    ],
  }

  it('flags avoided words as the agent types, suggests the alternative and still sends', async () => {
    voiceCtx = { voice, signoff: '', appendSignoff: false }
    vi.mocked(wails.checkWords).mockImplementation(async (_client, text) =>
      /per our policy/i.test(text) ? [{ phrase: 'per our policy', alternative: 'we usually', found: 'Per our policy', count: 1 }] : [],
    )
    vi.mocked(wails.sendReply).mockResolvedValue({ id: 1 } as never)
    wrap(<Composer c={conv()} />)
    const input = await screen.findByTestId('composer-input')
    await screen.findByTestId('tone-notes')
    fireEvent.change(input, { target: { value: 'Per our policy we refund in 5 days' } })
    const flags = await screen.findByTestId('avoided-words')
    expect(wails.checkWords).toHaveBeenLastCalledWith(1, 'Per our policy we refund in 5 days')
    // Said in words, not by colour alone.
    expect(flags.textContent).toContain('Brightside Bakery avoids this word')
    expect(flags.textContent).toContain('“Per our policy”')
    expect(within(flags).getByTestId('avoided-word-alternative').textContent).toBe('“we usually”')
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', false)
    fireEvent.click(screen.getByTestId('composer-send'))
    await waitFor(() => expect(wails.sendReply).toHaveBeenCalled())
    // Clearing the text clears the flags.
    fireEvent.change(input, { target: { value: '' } })
    await waitFor(() => expect(screen.queryByTestId('avoided-words')).toBeNull())
  })

  it('does not ask when the client avoids nothing', async () => {
    wrap(<Composer c={conv()} />)
    fireEvent.change(await screen.findByTestId('composer-input'), { target: { value: 'lol' } })
    await new Promise((r) => setTimeout(r, 250))
    expect(wails.checkWords).not.toHaveBeenCalled()
    expect(screen.queryByTestId('avoided-words')).toBeNull()
  })

  it('shows the right and wrong examples beside it as text, collapsible', async () => {
    voiceCtx = { voice, signoff: '', appendSignoff: false }
    wrap(<Composer c={conv()} />)
    const ex = await screen.findByTestId('voice-examples')
    expect(ex.tagName).toBe('DETAILS')
    expect(ex.hasAttribute('open')).toBe(true)
    const row = within(ex).getByTestId('voice-example')
    expect(row.textContent).toContain("Sorry — I'll check with the kitchen now.")
    expect(row.textContent).toContain('<b>Not our fault lol</b>')
    expect(row.querySelector('b')).toBeNull()
    expect(screen.getByTestId('tone-humour').textContent).toContain('Never')
  })

  it('counts the sign-off it will add, once, and leaves it out past the limit', async () => {
    voiceCtx = { voice: { ...NO_VOICE, signoff: '^{agent}', appendSignoff: true }, signoff: '^SK', appendSignoff: true }
    wrap(<Composer c={conv({ network: Network.X, kind: ConversationKind.Public })} />)
    const input = await screen.findByTestId('composer-input')
    await waitFor(() => expect(screen.getByTestId('composer-send')).toBeTruthy())
    fireEvent.change(input, { target: { value: 'Sorted!' } })
    await waitFor(() => expect(screen.getByTestId('signoff-note').dataset.state).toBe('appended'))
    expect(screen.getByTestId('composer-count').textContent).toBe('11 / 280')
    fireEvent.change(input, { target: { value: 'Sorted! ^SK' } })
    expect(screen.getByTestId('signoff-note').dataset.state).toBe('present')
    expect(screen.getByTestId('composer-count').textContent).toBe('11 / 280')
    fireEvent.change(input, { target: { value: 'a'.repeat(278) } })
    expect(screen.getByTestId('signoff-note').dataset.state).toBe('too-long')
    expect(screen.getByTestId('composer-count').textContent).toBe('278 / 280')
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', false)
  })

  it('fills {signoff} in a saved reply', async () => {
    voiceCtx = { voice: NO_VOICE, signoff: '— Sam', appendSignoff: false }
    replies = [{ id: 5, clientId: 1, title: 'Thanks', body: 'Thanks {customer_name}! {signoff}' }]
    wrap(<Composer c={conv()} />)
    const select = await screen.findByTestId('saved-replies')
    fireEvent.change(select, { target: { value: '5' } })
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('Thanks Zoë! — Sam')
  })

  it('opens the guide, rendered as text structure', async () => {
    vi.mocked(wails.getGuide).mockResolvedValue({ markdown: '## Close in public\n\n<img src=x onerror="alert(1)">', custom: true })
    wrap(<Composer c={conv()} />)
    fireEvent.click(await screen.findByTestId('open-guide'))
    const d = await screen.findByTestId('guide-dialog')
    await waitFor(() => expect(d.querySelector('h3 + button + .markdown h3, .markdown h3')?.textContent).toBe('Close in public'))
    expect(d.querySelector('img')).toBeNull()
    expect(d.textContent).toContain('<img src=x onerror="alert(1)">')
    fireEvent.keyDown(window, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('guide-dialog')).toBeNull())
  })
})
