import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { defaultCustomSnooze, localInputValue, optionForKey, snoozeOptions, SnoozeDialog } from './Overlays'

const now = new Date(2026, 11, 1, 14, 20, 0).getTime()

describe('snooze dialog', () => {
  it('maps digit keys to the options shown', () => {
    expect(optionForKey('1', 4)).toBe(0)
    expect(optionForKey('4', 4)).toBe(3)
    expect(optionForKey('5', 4)).toBe(-1)
    expect(optionForKey('0', 4)).toBe(-1)
    expect(optionForKey('a', 4)).toBe(-1)
  })

  it('defaults the custom time to the next full hour at least an hour ahead', () => {
    const at = defaultCustomSnooze(now)
    expect(at).toBeGreaterThan(now + 3_600_000 - 1)
    expect(new Date(at).getMinutes()).toBe(0)
    expect(localInputValue(at)).toBe('2026-12-01T16:00')
    expect(defaultCustomSnooze(new Date(2026, 11, 1, 14, 0, 0).getTime())).toBe(new Date(2026, 11, 1, 15, 0, 0).getTime())
  })

  it.each([1, 2, 3, 4])('key %s picks the option it labels', (n) => {
    const onPick = vi.fn()
    render(<SnoozeDialog count={1} now={now} onPick={onPick} onClose={() => {}} />)
    // Focus is on the first option (autoFocus), as when the dialog opens.
    fireEvent.keyDown(document.activeElement ?? screen.getByTestId('snooze-dialog'), { key: String(n) })
    expect(onPick).toHaveBeenCalledWith(snoozeOptions(now)[n - 1].at)
  })

  it('types digits into the date field without picking an option, and offers no past time', () => {
    const onPick = vi.fn()
    render(<SnoozeDialog count={2} now={now} onPick={onPick} onClose={() => {}} />)
    const input = screen.getByTestId('snooze-custom') as HTMLInputElement
    expect(new Date(input.value).getTime()).toBeGreaterThan(now)
    fireEvent.keyDown(input, { key: '2' })
    expect(onPick).not.toHaveBeenCalled()
    fireEvent.change(input, { target: { value: '2026-12-01T09:00' } })
    expect((screen.getByTestId('snooze-custom-submit') as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByText('That time has already passed.')).toBeTruthy()
  })
})
