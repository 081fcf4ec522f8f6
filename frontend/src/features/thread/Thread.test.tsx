import { ConversationKind, ConversationStatus, Delivery, Direction, Mood, Network } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as wails from '../../lib/wails'
import type { ConversationDetailDTO } from '../../lib/wails'
import { NowProvider } from '../../lib/now'
import { Thread } from './Thread'
import { SnippetText } from '../search/SnippetText'
import { UndoToastProvider } from '../../ui/UndoToast'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return {
    ...orig,
    getConversation: vi.fn(),
    markRead: vi.fn(),
    setStatus: vi.fn(),
    changeStatus: vi.fn(),
    undoStatus: vi.fn(),
    addNote: vi.fn(),
    openLink: vi.fn(),
    retrySend: vi.fn(),
  }
})

const IMG = '<img src=x onerror=alert(1)>'
const SCRIPT = '<script>alert(1)</script>'
const now = Date.now()

function detail(over: Partial<ConversationDetailDTO['conversation']> = {}): ConversationDetailDTO {
  return {
    conversation: {
      id: 42,
      handleId: 3,
      clientId: 1,
      clientName: 'Bakery <i>Lumière</i>',
      network: Network.Instagram,
      handleName: '@bakery',
      kind: ConversationKind.Private,
      status: ConversationStatus.Open,
      customerName: '<b onmouseover=alert(1)>Mallory</b>',
      customerUser: '@mallory',
      subject: '<svg onload=alert(1)>',
      excerpt: SCRIPT,
      lastDirection: Direction.In,
      lastMessageAt: now - 60_000,
      awaitingSince: now - 60_000,
      snoozedUntil: 0,
      unread: 2,
      messageCount: 3,
      tags: ['refund'],
      lastInboundAt: 0,
      customerId: 0,
      deadline: null,
      sentiment: { score: null, label: Mood.Unknown, trend: '', irate: false, reason: '' },
      ...over,
    },
    messages: [
      { id: 1, direction: Direction.In, authorName: '<u>Mallory</u>', text: IMG, sentAt: now - 3_600_000, delivery: Delivery.Received, sendError: '', sentiment: Mood.Unknown, threat: '', undoUntil: 0 },
      { id: 2, direction: Direction.In, authorName: 'Mallory', text: `${SCRIPT}\nline two`, sentAt: now - 120_000, delivery: Delivery.Received, sendError: '', sentiment: Mood.Unknown, threat: '', undoUntil: 0 },
      {
        id: 3,
        direction: Direction.Out,
        authorName: 'You',
        text: 'Try javascript:alert(1) or data:text/html,x or https://shop.example/orders/7.',
        sentAt: now - 60_000,
        delivery: Delivery.Failed,
        sendError: 'Instagram <b>refused</b> it',
        sentiment: Mood.Unknown,
        threat: '',
        undoUntil: 0,
      },
    ],
    notes: [{ id: 9, author: 'Ana', text: `Customer sent ${IMG} — ignore`, createdAt: now - 30_000 }],
    omittedMessages: 0,
  }
}

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <NowProvider>{ui}</NowProvider>
    </QueryClientProvider>,
  )
}

describe('Thread', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(wails.getConversation).mockResolvedValue(detail())
    vi.mocked(wails.markRead).mockResolvedValue(undefined)
    vi.mocked(wails.openLink).mockResolvedValue(undefined)
  })

  it('renders hostile message bodies and names as literal text', async () => {
    const { container } = wrap(<Thread id={42} />)
    const thread = await screen.findByTestId('thread')
    await within(thread).findAllByTestId('message')

    const texts = screen.getAllByTestId('message-text')
    expect(texts).toHaveLength(3)
    expect(texts[0].textContent).toBe(IMG)
    expect(texts[1].textContent).toBe(`${SCRIPT}\nline two`)

    // Nothing from a stranger became an element.
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    // The only SVG is the app's own network logo (issue 14), never one from a stranger.
    expect([...container.querySelectorAll('svg')].filter((svg) => !svg.matches('.net-badge[data-logo="true"] > svg.net-logo:not([onload])'))).toEqual([])
    expect(container.querySelector('b, i, u')).toBeNull()
    expect(container.querySelector('[onerror], [onload], [onmouseover]')).toBeNull()

    expect(screen.getByTestId('thread-customer').textContent).toContain('<b onmouseover=alert(1)>Mallory</b>')
    expect(screen.getByTestId('thread-subject').textContent).toBe('<svg onload=alert(1)>')
    expect(thread.textContent).toContain('Bakery <i>Lumière</i>')
  })

  it('shows direction, delivery state and internal notes', async () => {
    wrap(<Thread id={42} />)
    const msgs = await screen.findAllByTestId('message')
    expect(msgs.map((m) => m.getAttribute('data-direction'))).toEqual(['in', 'in', 'out'])
    expect(within(msgs[2]).getByTestId('delivery').textContent).toBe('Failed to send')
    const note = screen.getByTestId('note')
    expect(note.textContent).toContain('Internal note — never sent')
    expect(within(note).getByTestId('note-text').textContent).toBe(`Customer sent ${IMG} — ignore`)
    expect(screen.getByText('Private messages')).toBeTruthy()
  })

  it('flags an irate customer and labels their messages in words', async () => {
    const d = detail({
      kind: ConversationKind.Public,
      sentiment: { score: -0.7, label: Mood.Negative, trend: 'worsening', irate: true, reason: 'threatens to leave or go public (“lawyer”)' },
    })
    d.messages[0] = { ...d.messages[0], sentiment: Mood.Neutral, score: 0 }
    d.messages[1] = { ...d.messages[1], sentiment: Mood.Negative, score: -0.8, threat: 'lawyer' }
    vi.mocked(wails.getConversation).mockResolvedValue(d)
    wrap(<Thread id={42} />)
    const banner = await screen.findByTestId('irate-banner')
    expect(banner.textContent).toContain('Irate customer')
    expect(banner.textContent).toContain('“lawyer”')
    expect(within(banner).getByTestId('irate-banner-move').textContent).toBe('Move to private…')
    expect(screen.getByTestId('conversation-mood').textContent).toContain('Negative, getting worse')
    const msgs = screen.getAllByTestId('message')
    expect(within(msgs[0]).getByTestId('mood-label').textContent).toBe('Sentiment: neutral')
    expect(within(msgs[1]).getByTestId('mood-label').textContent).toBe('Sentiment: negative · threat')
    // The business's own message carries no label.
    expect(within(msgs[2]).queryByTestId('mood-label')).toBeNull()
  })

  it('says how many older messages a long thread leaves out', async () => {
    vi.mocked(wails.getConversation).mockResolvedValue({ ...detail(), omittedMessages: 1234 })
    wrap(<Thread id={42} />)
    const note = await screen.findByTestId('thread-omitted')
    expect(note.textContent).toContain('1234 older messages are not shown here')
  })

  it('shows why a reply failed and retries it', async () => {
    vi.mocked(wails.retrySend).mockResolvedValue(undefined)
    const { container } = wrap(<Thread id={42} />)
    const msgs = await screen.findAllByTestId('message')
    const err = within(msgs[2]).getByTestId('send-error')
    expect(err.textContent).toContain('Not sent: Instagram <b>refused</b> it')
    expect(container.querySelector('b')).toBeNull()
    fireEvent.click(within(msgs[2]).getByTestId('retry-send'))
    await waitFor(() => expect(wails.retrySend).toHaveBeenCalledWith(3))
    expect(within(msgs[0]).queryByTestId('send-error')).toBeNull()
    expect(within(msgs[2]).getByTestId('retry-send').textContent).toBe('Retry')
  })

  it('says a retry after "check before retrying" sends again', async () => {
    const d = detail()
    const msgs0 = d.messages.map((m, i) =>
      i === 2 ? { ...m, sendError: 'Care Inbox stopped while sending this reply; check the conversation on the network before retrying' } : m,
    )
    vi.mocked(wails.getConversation).mockResolvedValue({ ...d, messages: msgs0 })
    wrap(<Thread id={42} />)
    const msgs = await screen.findAllByTestId('message')
    const btn = within(msgs[2]).getByTestId('retry-send')
    expect(btn.textContent).toBe('Checked: send again')
    expect(btn.getAttribute('title')).toContain('cannot tell whether the customer got it')
  })

  it('links only http(s) URLs and opens them through the back end', async () => {
    const { container } = wrap(<Thread id={42} />)
    await screen.findAllByTestId('message')
    const anchors = Array.from(container.querySelectorAll('a'))
    expect(anchors).toHaveLength(1)
    expect(anchors[0].getAttribute('href')).toBe('https://shop.example/orders/7')
    expect(anchors[0].textContent).toBe('https://shop.example/orders/7')

    const ev = new MouseEvent('click', { bubbles: true, cancelable: true })
    anchors[0].dispatchEvent(ev)
    expect(ev.defaultPrevented).toBe(true)
    expect(wails.openLink).toHaveBeenCalledWith('https://shop.example/orders/7')
    expect(screen.getAllByTestId('message-text')[2].textContent).toBe(
      'Try javascript:alert(1) or data:text/html,x or https://shop.example/orders/7.',
    )
  })

  it('marks an unread conversation read once', async () => {
    wrap(<Thread id={42} />)
    await screen.findAllByTestId('message')
    await waitFor(() => expect(wails.markRead).toHaveBeenCalledTimes(1))
    expect(wails.markRead).toHaveBeenCalledWith(42)
  })

  it('does not mark a read conversation', async () => {
    vi.mocked(wails.getConversation).mockResolvedValue(detail({ unread: 0 }))
    wrap(<Thread id={42} />)
    await screen.findAllByTestId('message')
    expect(wails.markRead).not.toHaveBeenCalled()
  })

  // Issue 14: a status change offers Undo, which puts the conversation back.
  it('sets status from the action buttons, with an Undo', async () => {
    vi.mocked(wails.changeStatus).mockResolvedValue({ undoToken: 't1', count: 1 })
    vi.mocked(wails.undoStatus).mockResolvedValue(undefined)
    wrap(
      <UndoToastProvider>
        <Thread id={42} />
      </UndoToastProvider>,
    )
    fireEvent.click(await screen.findByTestId('action-resolve'))
    await waitFor(() => expect(wails.changeStatus).toHaveBeenCalledWith([42], 'resolved', 0))
    expect((await screen.findByTestId('undo-toast-text')).textContent).toBe('Resolved the conversation')
    fireEvent.click(screen.getByTestId('undo-toast-undo'))
    await waitFor(() => expect(wails.undoStatus).toHaveBeenCalledWith('t1'))
    await waitFor(() => expect(screen.getByTestId('undo-toast').getAttribute('data-state')).toBe('undone'))
  })

  it('opens the snooze menu from the Snooze button when the app offers one, else snoozes until tomorrow', async () => {
    vi.mocked(wails.changeStatus).mockResolvedValue({ undoToken: 't2', count: 1 })
    const onSnooze = vi.fn()
    const { unmount } = wrap(<Thread id={42} onSnooze={onSnooze} />)
    fireEvent.click(await screen.findByTestId('action-snooze'))
    expect(onSnooze).toHaveBeenCalledTimes(1)
    expect(wails.changeStatus).not.toHaveBeenCalled()
    expect(screen.getByTestId('action-snooze').getAttribute('aria-haspopup')).toBe('dialog')
    unmount()
    wrap(<Thread id={42} />)
    fireEvent.click(await screen.findByTestId('action-snooze'))
    await waitFor(() => expect(wails.changeStatus).toHaveBeenCalledWith([42], 'snoozed', expect.any(Number)))
  })

  it('keeps the note box collapsed until used', async () => {
    wrap(<Thread id={42} />)
    await screen.findAllByTestId('message')
    expect(screen.queryByTestId('note-input')).toBeNull()
    fireEvent.click(screen.getByTestId('note-open'))
    expect(screen.getByTestId('note-input')).toBeTruthy()
    fireEvent.click(screen.getByTestId('note-cancel'))
    expect(screen.queryByTestId('note-input')).toBeNull()
  })

  it('shows the first part of a very long body and a Show all', async () => {
    const d = detail()
    const long = 'lorem ipsum '.repeat(10_000) // 120 000 characters
    d.messages[0] = { ...d.messages[0], text: long }
    vi.mocked(wails.getConversation).mockResolvedValue(d)
    wrap(<Thread id={42} />)
    const texts = await screen.findAllByTestId('message-text')
    expect(texts[0].textContent!.length).toBeLessThan(21_000)
    fireEvent.click(screen.getByTestId('message-show-all'))
    expect(screen.getAllByTestId('message-text')[0].textContent).toBe(long)
  })

  it('offers Undo on a reply still in its undo window', async () => {
    const d = detail()
    d.messages[2] = { ...d.messages[2], delivery: Delivery.Queued, sendError: '', undoUntil: Date.now() + 9_000 }
    vi.mocked(wails.getConversation).mockResolvedValue(d)
    wrap(<Thread id={42} />)
    const held = await screen.findByTestId('held-reply')
    expect(held.textContent).toMatch(/^Sending in \d+ s/)
    expect(within(held).getByTestId('undo-send-inline')).toBeTruthy()
  })

  it('makes the messages a labelled tab stop, so the keyboard can scroll a thread without links', async () => {
    wrap(<Thread id={42} />)
    await screen.findAllByTestId('message')
    const region = screen.getByRole('region', { name: 'Messages' })
    expect(region.className).toContain('thread-scroll')
    expect(region.tabIndex).toBe(0)
  })

  it('shows a plain message when the conversation is gone', async () => {
    vi.mocked(wails.getConversation).mockRejectedValue(new wails.ApiError('not_found', 'conversation 42 not found'))
    wrap(<Thread id={42} />)
    expect(await screen.findByText('This conversation no longer exists.')).toBeTruthy()
  })
})

describe('SnippetText', () => {
  it('marks matches and keeps markup literal', () => {
    const { container } = render(<SnippetText snippet={`${IMG} my \u0002order\u0003`} />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('mark')?.textContent).toBe('order')
    expect(container.textContent).toBe(`${IMG} my order`)
  })
})
