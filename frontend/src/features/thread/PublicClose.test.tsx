import { ConversationKind, ConversationStatus, Delivery, Direction, Mood, Network } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as wails from '../../lib/wails'
import type { ConversationDTO, PublicCloseDTO } from '../../lib/wails'
import { PublicClosePanel } from './PublicClose'
import { PublicCloseSettings } from '../deadlines/PublicCloseSettings'
import { applyExtra } from '../triage/Workbench'
import { NO_EXTRA, PUBLIC_CLOSE_FILTER } from '../inbox/FilterBar'
import { toFilterDTO, DEFAULT_FILTER } from '../../lib/filter'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return { ...orig, publicCloseSettings: vi.fn(), setPublicCloseSettings: vi.fn(), getPublicClose: vi.fn(), sendPublicClose: vi.fn(), dismissPublicClose: vi.fn(), logOffline: vi.fn(), offlineDone: vi.fn() }
})

const now = Date.now()
const conv: ConversationDTO = {
  id: 7,
  handleId: 3,
  clientId: 1,
  clientName: 'Bakery',
  network: Network.X,
  handleName: '@bakery',
  kind: ConversationKind.Public,
  status: ConversationStatus.Open,
  customerName: 'Zoë',
  customerUser: '@zoe',
  subject: '',
  excerpt: '',
  lastDirection: Direction.Out,
  lastMessageAt: now,
  awaitingSince: 0,
  snoozedUntil: 0,
  unread: 0,
  messageCount: 2,
  tags: [],
  lastInboundAt: now,
  customerId: 5,
  sentiment: { score: null, label: Mood.Unknown, trend: '', irate: false, reason: '' },
  deadline: null,
  publicClose: 'prompt',
}

function loop(over: Partial<PublicCloseDTO>): PublicCloseDTO {
  return {
    id: 1,
    conversationId: 7,
    via: 'private',
    privateConversationId: 8,
    offlineChannel: '',
    offlineNote: '',
    state: 'prompt',
    startedAt: now - 7_200_000,
    privateResolvedAt: now - 60_000,
    dueAt: 0,
    replyMessageId: 0,
    dismissReason: '',
    endedAt: 0,
    suggestion: 'Glad we could sort this out in DM — thanks for your patience!',
    events: [{ event: 'moved_private', state: 'waiting', note: '', at: now - 7_200_000 }],
    ...over,
  }
}

function renderPanel(onOpen = vi.fn()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <PublicClosePanel c={conv} now={now} onOpen={onOpen} />
    </QueryClientProvider>,
  )
  return onOpen
}

describe('PublicClosePanel', () => {
  beforeEach(() => vi.resetAllMocks())

  it('prompts with the suggestion prefilled and sends the edited reply', async () => {
    vi.mocked(wails.getPublicClose).mockResolvedValue(loop({}))
    vi.mocked(wails.sendPublicClose).mockResolvedValue({ id: 99, direction: Direction.Out, authorName: 'Sam', text: 'x', sentAt: now, delivery: Delivery.Queued, sendError: '', sentiment: Mood.Unknown, threat: '', undoUntil: 0 })
    const onOpen = renderPanel()
    const text = (await screen.findByTestId('public-close-text')) as HTMLTextAreaElement
    expect(text.value).toBe('Glad we could sort this out in DM — thanks for your patience!')
    expect(screen.getByTestId('public-close-title').textContent).toMatch(/resolved — close this thread in public/)
    fireEvent.click(screen.getByTestId('public-close-open-private'))
    expect(onOpen).toHaveBeenCalledWith(8)
    fireEvent.change(text, { target: { value: 'Sorted in DM, thanks! ^S' } })
    fireEvent.click(screen.getByTestId('public-close-send'))
    await waitFor(() => expect(wails.sendPublicClose).toHaveBeenCalledWith(7, 'Sorted in DM, thanks! ^S'))
  })

  it('while waiting offers no send, and a dismissal needs a reason', async () => {
    vi.mocked(wails.getPublicClose).mockResolvedValue(loop({ state: 'waiting', via: 'offline', offlineChannel: 'phone', offlineNote: 'called' }))
    vi.mocked(wails.dismissPublicClose).mockResolvedValue()
    renderPanel()
    await screen.findByTestId('public-close')
    expect(screen.queryByTestId('public-close-text')).toBeNull()
    expect(screen.getByTestId('public-close-offline-done')).toBeTruthy()
    fireEvent.click(screen.getByTestId('public-close-dismiss'))
    const confirm = screen.getByTestId('public-close-dismiss-confirm') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('public-close-reason'), { target: { value: 'customer asked for no public reply' } })
    fireEvent.click(confirm)
    await waitFor(() => expect(wails.dismissPublicClose).toHaveBeenCalledWith(7, 'customer asked for no public reply'))
  })

  it('a finished loop shows its history, not the prompt', async () => {
    vi.mocked(wails.getPublicClose).mockResolvedValue(
      loop({ state: 'dismissed', dismissReason: 'account closed', events: [{ event: 'dismiss', state: 'dismissed', note: 'account closed — Sam', at: now }] }),
    )
    renderPanel()
    const closed = await screen.findByTestId('public-close-closed')
    expect(closed.textContent).toMatch(/Not closed in public: account closed/)
    expect(screen.getByTestId('public-close-history').textContent).toMatch(/Public close dismissed: account closed — Sam/)
    expect(screen.queryByTestId('public-close')).toBeNull()
  })
})

describe('the "Waiting for public close" filter', () => {
  it('maps to publicClosePending, not a deadline state', () => {
    const base = toFilterDTO(DEFAULT_FILTER)
    expect(base.publicClosePending).toBe(false)
    const f = applyExtra(base, { ...NO_EXTRA, deadline: PUBLIC_CLOSE_FILTER })
    expect(f.publicClosePending).toBe(true)
    expect(f.deadlineStates).toEqual([])
    const d = applyExtra(base, { ...NO_EXTRA, deadline: 'breached' })
    expect([d.publicClosePending, d.deadlineStates]).toEqual([false, ['breached']])
  })
})

describe('PublicCloseSettings', () => {
  beforeEach(() => vi.resetAllMocks())

  it("edits a client's closing reply and deadline", async () => {
    vi.mocked(wails.publicCloseSettings).mockResolvedValue({ reply: 'Glad we could sort this out in DM — thanks for your patience!', dueHours: 0 })
    vi.mocked(wails.setPublicCloseSettings).mockResolvedValue()
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    render(
      <QueryClientProvider client={qc}>
        <PublicCloseSettings clientId={4} />
      </QueryClientProvider>,
    )
    const reply = (await screen.findByTestId('public-close-reply')) as HTMLTextAreaElement
    expect(reply.value).toMatch(/sort this out in DM/)
    expect((screen.getByTestId('public-close-save') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(reply, { target: { value: 'All sorted in DM ^SK' } })
    fireEvent.change(screen.getByTestId('public-close-hours'), { target: { value: '4' } })
    fireEvent.click(screen.getByTestId('public-close-save'))
    await waitFor(() => expect(wails.setPublicCloseSettings).toHaveBeenCalledWith(4, { reply: 'All sorted in DM ^SK', dueHours: 4 }))
  })
})
