import { DeadlineClock, DeadlineKind, DeadlineState } from '../../lib/wails'
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DeadlineChip } from './DeadlineChip'
import type { DeadlineDTO } from '../../lib/wails'

const MIN = 60_000
const t0 = Date.UTC(2026, 10, 23, 9, 0)
const d: DeadlineDTO = {
  clock: DeadlineClock.Response, kind: DeadlineKind.First, state: DeadlineState.OnTrack, startedAt: t0, warnAt: t0 + 20 * MIN,
  internalAt: t0 + 30 * MIN, promiseWarnAt: t0 + 50 * MIN, publishedAt: t0 + 60 * MIN, windowAt: t0 + 24 * 60 * MIN,
  uncertain: true, uncertainReason: 'sync is failing', dataAsOf: t0 - 5 * MIN,
}

describe('DeadlineChip', () => {
  it('renders nothing without a deadline', () => {
    const { container } = render(<DeadlineChip d={null} now={t0} />)
    expect(container.textContent).toBe('')
  })

  it('counts down in a row and flags uncertain data', () => {
    render(<DeadlineChip d={d} now={t0 + 21 * MIN} />)
    const chip = screen.getByTestId('deadline-chip')
    expect(chip.getAttribute('data-state')).toBe('imminent')
    expect(chip.className).toContain('deadline-soon')
    expect(chip.className).toContain('deadline-uncertain')
    expect(screen.getByTestId('deadline-label').textContent).toBe('9m')
  })

  // Issue 14: the marks in words, each naming its target ("internal 08:57 ·
  // promised 09:27" did not say which was missed), and no phrase starts with "·".
  it('says the marks, the window and "data as of" in words in the thread', () => {
    render(<DeadlineChip d={d} now={t0} detailed />)
    const phrases = screen.getAllByTestId('deadline-phrase').map((p) => p.textContent ?? '')
    expect(phrases).toHaveLength(3)
    expect(phrases[0]).toMatch(/^Internal target in 30 min \(.+\)\u00a0·$/)
    expect(phrases[1]).toMatch(/^promise by .+\u00a0·$/)
    expect(phrases[2]).toMatch(/^reply window closes /)
    for (const p of phrases) expect(p.startsWith('·')).toBe(false)
    expect(screen.getByTestId('deadline-uncertain').textContent).toMatch(/^uncertain — data as of /)
  })

  it('says which target was missed once both passed', () => {
    render(<DeadlineChip d={{ ...d, windowAt: 0, uncertain: false }} now={t0 + 30 * MIN + 340 * MIN} detailed />)
    expect(screen.getByTestId('deadline-marks').textContent).toMatch(/^Internal target missed 5 h 40 min ago\u00a0· promise missed at /)
  })
})
