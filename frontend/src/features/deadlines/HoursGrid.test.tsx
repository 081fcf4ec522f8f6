import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { RangeDTO } from '../../lib/wails/deadlines'
import { HoursGrid } from './HoursGrid'

function Harness({ initial, onErrors = vi.fn() }: { initial: RangeDTO[][]; onErrors?: (e: Record<number, string>) => void }) {
  const [weekly, setWeekly] = useState(initial)
  return (
    <>
      <HoursGrid weekly={weekly} onChange={setWeekly} onErrors={onErrors} />
      <output data-testid="week">{JSON.stringify(weekly)}</output>
    </>
  )
}

const closed = () => Array.from({ length: 7 }, () => [] as RangeDTO[])
const week = () => JSON.parse(screen.getByTestId('week').textContent ?? '[]') as RangeDTO[][]

describe('HoursGrid', () => {
  it('applies a preset and marks it chosen', () => {
    render(<Harness initial={closed()} />)
    fireEvent.click(screen.getByTestId('hours-preset-mon-fri-9-17'))
    expect(week()[1]).toEqual([{ start: 540, end: 1020 }])
    expect(week()[0]).toEqual([])
    expect(screen.getByTestId('hours-preset-mon-fri-9-17').getAttribute('aria-pressed')).toBe('true')
    expect((screen.getByLabelText('Friday hours') as HTMLInputElement).value).toBe('09:00–17:00')
    expect(screen.getByTestId('hours-cell-1-9').dataset.open).toBe('true')
    expect(screen.getByTestId('hours-cell-1-17').dataset.open).toBe('false')
  })

  it('copies a typed day to the other weekdays', () => {
    render(<Harness initial={closed()} />)
    fireEvent.change(screen.getByLabelText('Monday hours'), { target: { value: '8-12, 13-16' } })
    fireEvent.click(screen.getByTestId('hours-copy-1'))
    for (const d of [1, 2, 3, 4, 5]) expect(week()[d]).toEqual([{ start: 480, end: 720 }, { start: 780, end: 960 }])
    expect(week()[6]).toEqual([])
    expect((screen.getByLabelText('Thursday hours') as HTMLInputElement).value).toBe('08:00–12:00, 13:00–16:00')
  })

  it('rejects overlapping ranges, keeps the last good hours and blocks copying', () => {
    const onErrors = vi.fn()
    render(<Harness initial={closed()} onErrors={onErrors} />)
    fireEvent.change(screen.getByLabelText('Tuesday hours'), { target: { value: '9-12, 11-13' } })
    expect(screen.getByRole('alert').textContent).toBe('09:00–12:00 overlaps 11:00–13:00')
    expect(onErrors).toHaveBeenLastCalledWith({ 2: '09:00–12:00 overlaps 11:00–13:00' })
    expect(week()[2]).toEqual([])
    expect((screen.getByTestId('hours-copy-2') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Tuesday hours'), { target: { value: '9-12' } })
    expect(onErrors).toHaveBeenLastCalledWith({})
    expect(week()[2]).toEqual([{ start: 540, end: 720 }])
  })

  it('drags across hours to open them, and from an open hour to close them', () => {
    render(<Harness initial={closed()} />)
    fireEvent.pointerDown(screen.getByTestId('hours-cell-3-9'), { button: 0 })
    fireEvent.pointerEnter(screen.getByTestId('hours-cell-3-10'))
    fireEvent.pointerEnter(screen.getByTestId('hours-cell-3-11'))
    fireEvent.pointerUp(window)
    fireEvent.pointerEnter(screen.getByTestId('hours-cell-3-14')) // not dragging any more
    expect(week()[3]).toEqual([{ start: 540, end: 720 }])
    fireEvent.pointerDown(screen.getByTestId('hours-cell-3-10'), { button: 0 })
    fireEvent.pointerUp(window)
    expect(week()[3]).toEqual([{ start: 540, end: 600 }, { start: 660, end: 720 }])
  })
})
