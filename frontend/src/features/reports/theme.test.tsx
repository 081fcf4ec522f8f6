import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { readTheme, useThemeVersion } from './theme'

function Probe() {
  return <span data-testid="v">{useThemeVersion()}</span>
}

describe('theme', () => {
  it('changes its version when the page switches theme, so charts draw again', async () => {
    render(<Probe />)
    expect(screen.getByTestId('v').textContent).toBe('0')
    await act(async () => {
      document.documentElement.setAttribute('data-theme', 'dark')
      await Promise.resolve()
    })
    expect(Number(screen.getByTestId('v').textContent)).toBeGreaterThan(0)
    document.documentElement.removeAttribute('data-theme')
  })

  it('reads the chart colours from CSS variables, with fallbacks', () => {
    const el = document.createElement('div')
    el.style.setProperty('--chart-1', '#112233')
    el.style.setProperty('--chart-grid', '#445566')
    document.body.append(el)
    expect(readTheme(el)).toEqual({ series: ['#112233', '#b85c00'], axis: '#4a5565', grid: '#445566' })
    el.remove()
  })
})
