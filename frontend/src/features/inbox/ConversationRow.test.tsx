import { act, fireEvent, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { NowProvider } from '../../lib/now'
import { describe, expect, it, vi } from 'vitest'
import type { ConversationDTO } from '../../lib/wails'
import { ConversationRow, sameRow } from './ConversationRow'
import { DeadlineClock, DeadlineKind, DeadlineState, type DeadlineDTO } from '../../lib/wails'

const now = Date.UTC(2026, 11, 1, 12)

function conv(over: Partial<ConversationDTO> = {}): ConversationDTO {
  return {
    id: 7, handleId: 1, clientId: 1, clientName: 'Bakery', network: 'mastodon', handleName: '@AskBakery', kind: 'public',
    status: 'open', customerName: 'Zoë Martin', customerUser: '@zoe', subject: '', excerpt: 'Where is my order?',
    lastDirection: 'in', lastMessageAt: now - 60_000, awaitingSince: now - 60_000, lastInboundAt: now - 60_000, snoozedUntil: 0,
    unread: 1, messageCount: 1, tags: [], customerId: 3,
    sentiment: { score: 0, label: 'neutral', trend: '', irate: false, reason: '' },
    ...over,
  } as ConversationDTO
}

describe('ConversationRow', () => {
  it.each(['comfortable', 'compact'] as const)('%s: initials avatar, network logo, isolated name', (density) => {
    const { container } = render(<ConversationRow c={conv()} index={0} selected={false} open={false} showClient now={now} onClick={() => {}} density={density} />)
    expect(screen.getByTestId('avatar-initials').textContent).toBe('ZM')
    expect(container.querySelector('.net-badge[aria-label="Mastodon"] svg')).not.toBeNull()
    expect(container.querySelector('.row-name bdi')?.textContent).toBe('Zoë Martin')
    expect(screen.queryByTestId('bidi-marker')).toBeNull()
    expect(container.querySelector('.row')?.classList.contains('row-compact')).toBe(density === 'compact')
  })

  it('marks a name or message holding direction overrides', () => {
    const { container } = render(
      <ConversationRow c={conv({ customerName: 'Eve\u202Eliam', excerpt: 'pay to \u2067IBAN\u2069 now' })} index={0} selected={false} open={false} showClient={false} now={now} onClick={() => {}} />,
    )
    expect(screen.getAllByTestId('bidi-marker')).toHaveLength(2)
    expect(container.querySelector('.row-name bdi')?.textContent).toBe('Eve\u202Eliam')
  })

  it('ticks the checkbox without opening the conversation', () => {
    const onClick = vi.fn()
    const onToggle = vi.fn()
    render(<ConversationRow c={conv()} index={0} selected={false} open={false} showClient={false} now={now} onClick={onClick} checked={false} onToggle={onToggle} />)
    fireEvent.click(screen.getByTestId('row-check'))
    expect(onToggle).toHaveBeenCalledWith(7)
    expect(onClick).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('conversation-row'))
    expect(onClick).toHaveBeenCalledWith(7, 0)
  })

  // The minute's tick keeps a row whose words read the same (issue 13's idle CPU).
  it('re-renders on the minute only when the row reads differently', () => {
    const H = 3_600_000
    const deadline: DeadlineDTO = {
      clock: DeadlineClock.Response, kind: DeadlineKind.First, state: DeadlineState.OnTrack, startedAt: now - 3 * H, warnAt: now + 2 * H,
      internalAt: now + 3 * H, promiseWarnAt: now + 4 * H, publishedAt: now + 5 * H, windowAt: 0, uncertain: false, uncertainReason: '', dataAsOf: 0,
    }
    const onClick = () => {}
    const props = (c: ConversationDTO, at: number) => ({ c, index: 0, selected: false, open: false, showClient: false, now: at, onClick })
    const old = conv({ awaitingSince: now - 3 * 24 * H, lastMessageAt: now - 3 * 24 * H })
    expect(sameRow(props(old, now), props(old, now + 60_000))).toBe(true) // "3 d" both
    const recent = conv({ awaitingSince: now - 5 * 60_000 })
    expect(sameRow(props(recent, now), props(recent, now + 60_000))).toBe(false) // "5 min" → "6 min"
    const due = conv({ awaitingSince: now - 3 * 24 * H, deadline })
    expect(sameRow(props(due, now), props(due, now + 60_000))).toBe(false) // the chip counts minutes down
    expect(sameRow(props(due, now), { ...props(due, now), selected: true })).toBe(false)
    expect(sameRow(props(old, now), props(conv({ ...old, unread: 0 }), now))).toBe(false)
  })

  it('follows the minute clock, rendering again only when it reads differently', () => {
    vi.useFakeTimers()
    vi.setSystemTime(now)
    try {
      const H = 3_600_000
      const old = conv({ awaitingSince: now - 3 * 24 * H, lastMessageAt: now - 3 * 24 * H })
      const recent = conv({ id: 8, awaitingSince: now - 5 * 60_000, lastMessageAt: now - 5 * 60_000 })
      let oldRenders = 0
      const onClick = () => {}
      render(
        <NowProvider>
          <Profiler id="old" onRender={() => oldRenders++}>
            <ConversationRow c={old} index={0} selected={false} open={false} showClient={false} onClick={onClick} />
          </Profiler>
          <ConversationRow c={recent} index={1} selected={false} open={false} showClient={false} onClick={onClick} />
        </NowProvider>,
      )
      expect(screen.getByText('5 min')).toBeTruthy()
      const before = oldRenders
      act(() => {
        vi.advanceTimersByTime(60_000)
      })
      expect(screen.getByText('6 min')).toBeTruthy()
      expect(oldRenders).toBe(before) // "3 d" at both minutes: not rendered again
    } finally {
      vi.useRealTimers()
    }
  })
})
