import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Chart } from './Chart'
import { distributionChart } from './charts'
import { figures, fullReport } from './fixtures'

describe('Chart', () => {
  it('keeps a table of the same numbers for screen readers and shows it with "Table"', () => {
    render(<Chart spec={distributionChart(fullReport().current)} period="2026-11-01-2026-11-30" />)
    const fig = screen.getByTestId('report-chart-distribution')
    expect(fig.getAttribute('aria-labelledby')).toBeTruthy()
    const table = within(fig).getByTestId('report-chart-distribution-table')
    // Hidden visually, present in the accessibility tree.
    expect(table.closest('.sr-only')).not.toBeNull()
    const rows = within(table).getAllByTestId('report-chart-distribution-table-row')
    expect(rows.map((r) => Array.from(r.children, (c) => c.textContent))).toEqual([
      ['15 min', '10', '14'],
      ['1 h', '12', '15'],
      ['4 h', '9', '6'],
      ['later', '7', '3'],
    ])
    // The canvas host is decoration to a screen reader.
    expect(fig.querySelector('.report-chart-plot')?.getAttribute('aria-hidden')).toBe('true')

    const toggle = screen.getByTestId('report-chart-distribution-table-toggle')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    expect(within(fig).getByTestId('report-chart-distribution-table').closest('.sr-only')).toBeNull()
    expect(fig.querySelector('.report-chart-plot')).toBeNull()
    expect(screen.getByTestId('report-chart-distribution-csv')).toBeTruthy()
  })

  it('says so when there is nothing to draw', () => {
    render(<Chart spec={distributionChart(figures())} period="p" />)
    expect(screen.getByTestId('report-chart-distribution-empty').textContent).toContain('Nothing to show')
    expect((screen.getByTestId('report-chart-distribution-csv') as HTMLButtonElement).disabled).toBe(true)
  })
})
