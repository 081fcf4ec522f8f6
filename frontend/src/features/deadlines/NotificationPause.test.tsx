import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as n from '../../lib/wails/notifications'
import { NotificationPause } from './NotificationPause'

vi.mock('../../lib/wails/notifications', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails/notifications')>()
  return { ...orig, notificationPause: vi.fn(), pauseNotifications: vi.fn(), resumeNotifications: vi.fn(), onNotificationPause: vi.fn(() => () => {}) }
})

const now = Date.UTC(2026, 10, 23, 10, 0)

function wrap() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <NotificationPause now={() => now} />
    </QueryClientProvider>,
  )
}

describe('NotificationPause', () => {
  it('pauses for an hour, then resumes', async () => {
    vi.mocked(n.notificationPause).mockResolvedValue({ pausedUntil: 0 })
    vi.mocked(n.pauseNotifications).mockResolvedValue({ pausedUntil: now + 3600_000 })
    vi.mocked(n.resumeNotifications).mockResolvedValue({ pausedUntil: 0 })
    wrap()
    fireEvent.click(await screen.findByRole('button', { name: 'Pause notifications for 1 h' }))
    await waitFor(() => expect(n.pauseNotifications).toHaveBeenCalledWith(60))
    expect((await screen.findByTestId('notify-pause')).textContent).toContain('Notifications paused until')
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }))
    await screen.findByRole('button', { name: 'Pause notifications for 1 h' })
    expect(n.resumeNotifications).toHaveBeenCalled()
  })

  it.each([
    ['a pause that has ended reads as not paused', now - 1, 'Pause notifications for 1 h'],
    ['a running pause offers Resume', now + 60_000, 'Resume'],
  ])('%s', async (_name, pausedUntil, button) => {
    vi.mocked(n.notificationPause).mockResolvedValue({ pausedUntil })
    wrap()
    expect(await screen.findByRole('button', { name: button })).toBeTruthy()
  })

  it('says why a pause failed', async () => {
    vi.mocked(n.notificationPause).mockResolvedValue({ pausedUntil: 0 })
    vi.mocked(n.pauseNotifications).mockRejectedValue(new Error('database is locked'))
    wrap()
    fireEvent.click(await screen.findByRole('button', { name: 'Pause notifications for 1 h' }))
    expect((await screen.findByRole('alert')).textContent).toContain('database is locked')
  })

  it('follows a pause made from the tray', async () => {
    vi.mocked(n.pauseNotifications).mockClear()
    vi.mocked(n.notificationPause).mockResolvedValue({ pausedUntil: 0 })
    let push: (d: n.NotificationPauseDTO) => void = () => {}
    vi.mocked(n.onNotificationPause).mockImplementation((h) => {
      push = h
      return () => {}
    })
    wrap()
    await screen.findByRole('button', { name: 'Pause notifications for 1 h' })
    act(() => push({ pausedUntil: now + 3600_000 }))
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeTruthy()
    expect(n.pauseNotifications).not.toHaveBeenCalled()
  })
})
