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
const ok = (pausedUntil: number): n.NotificationPauseDTO => ({ pausedUntil, failing: false, since: 0, retryAt: 0, failure: '' })

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
    vi.mocked(n.notificationPause).mockResolvedValue(ok(0))
    vi.mocked(n.pauseNotifications).mockResolvedValue(ok(now + 3600_000))
    vi.mocked(n.resumeNotifications).mockResolvedValue(ok(0))
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
    vi.mocked(n.notificationPause).mockResolvedValue(ok(pausedUntil))
    wrap()
    expect(await screen.findByRole('button', { name: button })).toBeTruthy()
  })

  it('says why a pause failed', async () => {
    vi.mocked(n.notificationPause).mockResolvedValue(ok(0))
    vi.mocked(n.pauseNotifications).mockRejectedValue(new Error('database is locked'))
    wrap()
    fireEvent.click(await screen.findByRole('button', { name: 'Pause notifications for 1 h' }))
    expect((await screen.findByRole('alert')).textContent).toContain('database is locked')
  })

  it('follows a pause made from the tray', async () => {
    vi.mocked(n.pauseNotifications).mockClear()
    vi.mocked(n.notificationPause).mockResolvedValue(ok(0))
    let push: (d: n.NotificationPauseDTO) => void = () => {}
    vi.mocked(n.onNotificationPause).mockImplementation((h) => {
      push = h
      return () => {}
    })
    wrap()
    await screen.findByRole('button', { name: 'Pause notifications for 1 h' })
    act(() => push(ok(now + 3600_000)))
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeTruthy()
    expect(n.pauseNotifications).not.toHaveBeenCalled()
  })
})

describe('NotificationPause when notifications fail', () => {
  it('says that notifications do not reach the desktop, and when it tries again', async () => {
    vi.mocked(n.notificationPause).mockResolvedValue({
      pausedUntil: 0,
      failing: true,
      since: now - 120_000,
      retryAt: now + 30_000,
      failure: 'org.freedesktop.DBus.Error.ServiceUnknown',
    })
    wrap()
    const note = await screen.findByTestId('notify-failing')
    expect(note.textContent).toContain('Desktop notifications are not showing')
    expect(note.textContent).toContain('Care Inbox tries again at')
    expect(note.getAttribute('title')).toContain('Failing since')
    expect(note.getAttribute('title')).toContain('ServiceUnknown')
    expect(note.querySelectorAll('time')).toHaveLength(1)
  })

  it('drops the note once they work again (pushed by the app)', async () => {
    vi.mocked(n.notificationPause).mockResolvedValue({ pausedUntil: 0, failing: true, since: now, retryAt: now + 30_000, failure: 'x' })
    let push: (d: n.NotificationPauseDTO) => void = () => {}
    vi.mocked(n.onNotificationPause).mockImplementation((h) => {
      push = h
      return () => {}
    })
    wrap()
    await screen.findByTestId('notify-failing')
    act(() => push({ pausedUntil: 0, failing: false, since: 0, retryAt: 0, failure: '' }))
    await waitFor(() => expect(screen.queryByTestId('notify-failing')).toBeNull())
  })
})

describe('parseNotificationState', () => {
  it.each([
    ['a pause', { pausedUntil: 5 }, { pausedUntil: 5, failing: false, since: 0, retryAt: 0, failure: '' }],
    ['failing', { pausedUntil: 0, failing: true, since: 1, retryAt: 2, failure: 'boom' }, { pausedUntil: 0, failing: true, since: 1, retryAt: 2, failure: 'boom' }],
    ['bad times are zero', { pausedUntil: 0, failing: true, since: -1, retryAt: 1.5, failure: 7 }, { pausedUntil: 0, failing: true, since: 0, retryAt: 0, failure: '' }],
    ['not failing keeps no detail', { pausedUntil: 0, failing: 'yes', since: 3, failure: 'x' }, { pausedUntil: 0, failing: false, since: 0, retryAt: 0, failure: '' }],
  ])('%s', (_name, payload, want) => {
    expect(n.parseNotificationState(payload)).toEqual(want)
  })

  it.each([[null], [{}], [{ pausedUntil: -1 }], ['x']])('drops %j', (payload) => {
    expect(n.parseNotificationState(payload)).toBeUndefined()
  })
})
