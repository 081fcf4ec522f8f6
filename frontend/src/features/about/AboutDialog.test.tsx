import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const desktop = vi.hoisted(() => ({
  about: vi.fn(),
  startAtLogin: vi.fn(),
  setStartAtLogin: vi.fn(),
  copyDiagnostics: vi.fn(),
  openLogsFolder: vi.fn(),
  openDataFolder: vi.fn(),
  quit: vi.fn(),
}))
vi.mock('../../lib/wails/desktop', () => desktop)

import { AboutDialog } from './AboutDialog'

describe('AboutDialog', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    desktop.about.mockResolvedValue({ version: '0.2.0 (abc1234)', licences: [{ name: 'react 19.3.1 (npm)', licence: 'MIT <b>x</b>' }] })
    desktop.startAtLogin.mockResolvedValue({ available: true, enabled: false })
    desktop.setStartAtLogin.mockResolvedValue({ available: true, enabled: true })
    desktop.copyDiagnostics.mockResolvedValue('report')
  })

  it('shows the version and the licences as text', async () => {
    render(<AboutDialog onClose={() => {}} />)
    await waitFor(() => expect(screen.getByTestId('about-version').textContent).toBe('0.2.0 (abc1234)'))
    const list = screen.getByTestId('about-licences')
    expect(list.textContent).toContain('react 19.3.1 (npm) — MIT <b>x</b>')
    expect(list.querySelector('b')).toBeNull()
  })

  it('turns start at login on', async () => {
    render(<AboutDialog onClose={() => {}} />)
    const box = (await screen.findByTestId('start-at-login')) as HTMLInputElement
    expect(box.checked).toBe(false)
    fireEvent.click(box)
    await waitFor(() => expect(desktop.setStartAtLogin).toHaveBeenCalledWith(true))
    await waitFor(() => expect((screen.getByTestId('start-at-login') as HTMLInputElement).checked).toBe(true))
  })

  it('copies the diagnostics and says what is not in them', async () => {
    render(<AboutDialog onClose={() => {}} />)
    fireEvent.click(screen.getByTestId('copy-diagnostics'))
    await waitFor(() => expect(screen.getByTestId('about-note').textContent).toMatch(/no passwords, tokens or message text/))
    expect(desktop.copyDiagnostics).toHaveBeenCalledTimes(1)
  })

  it('offers no start at login where the workspace does not', async () => {
    desktop.startAtLogin.mockResolvedValue({ available: false, enabled: false })
    render(<AboutDialog onClose={() => {}} />)
    await waitFor(() => expect(desktop.startAtLogin).toHaveBeenCalled())
    expect(screen.queryByTestId('start-at-login')).toBeNull()
  })
})
