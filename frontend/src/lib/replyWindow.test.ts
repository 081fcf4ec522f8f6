import { describe, expect, it } from 'vitest'
import { formatDeadline, formatRemaining, replyWindow, WINDOW_CLOSED_MESSAGE } from './replyWindow'
import { formatClock } from './time'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
// Monday 23 Nov 2026, 10:00 local time.
const NOW = new Date(2026, 10, 23, 10, 0).getTime()

describe('replyWindow', () => {
  it.each([
    // name, network, kind, age of the customer's last message, state, blocked, message contains
    ['just now', 'facebook', 'private', 5 * MIN, 'open', false, 'Messenger reply window: open for another 23 h'],
    ['21 h', 'facebook', 'private', 21 * HOUR, 'open', false, 'Messenger reply window: open for another 3 h'],
    ['23 h', 'facebook', 'private', 23 * HOUR, 'open', false, 'open for another 1 h'],
    ['23 h 59 min (Instagram)', 'instagram', 'private', 23 * HOUR + 59 * MIN, 'open', false, 'Instagram reply window: open for another 1 min'],
    ['exactly 24 h', 'facebook', 'private', DAY, 'open', false, 'open for another under a minute'],
    ['25 h', 'facebook', 'private', 25 * HOUR, 'human_agent', false, "Past 24 h: this reply goes out with Meta's human-agent tag"],
    ['6 d 23 h', 'instagram', 'private', 6 * DAY + 23 * HOUR, 'human_agent', false, `allowed until ${formatClock(NOW + HOUR, NOW)}`],
    ['exactly 7 d', 'facebook', 'private', 7 * DAY, 'human_agent', false, `allowed until ${formatClock(NOW, NOW)}`],
    ['7 d 1 h', 'facebook', 'private', 7 * DAY + HOUR, 'closed', true, WINDOW_CLOSED_MESSAGE],
    ['30 d (Instagram)', 'instagram', 'private', 30 * DAY, 'closed', true, 'Ask them to write again, or answer publicly.'],
    ['Facebook comment', 'facebook', 'public', 30 * DAY, 'none', false, ''],
    ['Instagram comment', 'instagram', 'public', 30 * DAY, 'none', false, ''],
    ['X DM', 'x', 'private', 30 * DAY, 'none', false, ''],
    ['Telegram', 'telegram', 'private', 30 * DAY, 'none', false, ''],
    ['e-mail', 'email', 'email', 30 * DAY, 'none', false, ''],
    ['LinkedIn', 'linkedin', 'public', 30 * DAY, 'none', false, ''],
  ])('%s', (_name, network, kind, age, state, blocked, message) => {
    const w = replyWindow({ network, kind, lastInboundAt: NOW - age }, NOW)
    expect(w.state).toBe(state)
    expect(w.blocked).toBe(blocked)
    if (message) expect(w.message).toContain(message)
    else expect(w.message).toBe('')
  })

  it('ends the 24 h window and the 7-day window from the customer’s last message', () => {
    const last = NOW - 25 * HOUR
    expect(replyWindow({ network: 'facebook', kind: 'private', lastInboundAt: NOW - HOUR }, NOW).until).toBe(NOW + 23 * HOUR)
    const w = replyWindow({ network: 'facebook', kind: 'private', lastInboundAt: last }, NOW)
    expect(w.until).toBe(last + 7 * DAY)
    // Sunday 22 Nov 09:00 + 7 d = Sunday 29 Nov 09:00.
    expect(w.message).toContain(`allowed until ${formatClock(new Date(2026, 10, 29, 9, 0).getTime(), NOW)}`)
  })

  it('does not block a Meta DM whose customer message is unknown, but says so', () => {
    for (const lastInboundAt of [0, undefined]) {
      const w = replyWindow({ network: 'facebook', kind: 'private', lastInboundAt }, NOW)
      expect(w.state).toBe('unknown')
      expect(w.blocked).toBe(false)
      expect(w.message).toContain('within 7 days')
    }
  })
})

describe('formatting', () => {
  it.each([
    [30_000, 'under a minute'],
    [45 * MIN, '45 min'],
    [3 * HOUR + 20 * MIN, '3 h'],
    [2 * DAY + 4 * HOUR, '2 d 4 h'],
    [3 * DAY, '3 d'],
  ])('remaining %d ms → %s', (ms, want) => expect(formatRemaining(ms)).toBe(want))

  // Issue 14: one date format everywhere — the app's clock marks (lib/time.ts), not "Tue 14:05".
  it.each([
    [new Date(2026, 10, 23, 14, 5)],
    [new Date(2026, 10, 24, 9, 30)],
    [new Date(2026, 11, 1, 8, 0)],
  ])('deadline %s is said as a clock mark', (d) => {
    expect(formatDeadline(d.getTime(), NOW)).toBe(formatClock(d.getTime(), NOW))
    expect(formatDeadline(d.getTime(), NOW)).not.toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) /)
  })
})
