import { render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fullReport } from './fixtures'
import { loopsValue, ReportBody } from './ReportBody'

vi.mock('./plot', () => ({ drawChart: vi.fn(async () => ({ destroy: () => {} })) }))

function tile(id: string) {
  return within(screen.getByTestId(`report-figure-${id}`))
}

describe('issue 12 figures on the Reports screen', () => {
  it('shows satisfaction and loops left open beside the previous period', () => {
    const r = fullReport()
    r.current.loops = { started: 5, pending: 2, dismissed: 1, leftOpen: 3 }
    r.previous.loops = { started: 2, pending: 0, dismissed: 0, leftOpen: 0 }
    r.csat = { asked: 10, answered: 4, rated: 4, positive: 3, score: 75, responseRate: 40 }
    r.previousCsat = { asked: 0, answered: 0, rated: 0, positive: 0, score: 0, responseRate: 0 }
    render(<ReportBody r={r} onOpen={() => {}} oneClient period="2026-11-01-2026-11-30" />)
    expect(tile('loops').getByTestId('value').textContent).toBe('3 of 5 (2 waiting, 1 dismissed)')
    expect(tile('loops').getByText(/previous: 0 of 2/)).toBeTruthy()
    expect(tile('csat').getByTestId('value').textContent).toMatch(/75/)
    expect(tile('csat-response').getByTestId('value').textContent).toMatch(/40/)
  })

  it('leaves the loops tile out when nothing was taken private', () => {
    const r = fullReport()
    r.current.loops = { started: 0, pending: 0, dismissed: 0, leftOpen: 0 }
    render(<ReportBody r={r} onOpen={() => {}} oneClient={false} period="p" />)
    expect(screen.queryByTestId('report-figure-loops')).toBeNull()
  })

  it.each([
    [{ started: 4, pending: 0, dismissed: 0, leftOpen: 0 }, '0 of 4'],
    [{ started: 4, pending: 1, dismissed: 2, leftOpen: 3 }, '3 of 4 (1 waiting, 2 dismissed)'],
  ])('loopsValue(%o) = %s', (l, want) => {
    expect(loopsValue(l)).toBe(want)
  })
})
