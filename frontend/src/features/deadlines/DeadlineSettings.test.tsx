import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as dl from '../../lib/wails/deadlines'
import type { DeadlineSettingsDTO, PolicyDTO } from '../../lib/wails/deadlines'
import { DeadlineSettings } from './DeadlineSettings'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return { ...orig, publicCloseSettings: vi.fn(async () => ({ reply: 'Thanks!', dueHours: 0 })), setPublicCloseSettings: vi.fn() }
})

const target = { internalMin: 30, publishedMin: 60, businessHours: false, warnLeadMin: 10, warnShare: 0 }
const policy: PolicyDTO = { firstResponse: { ...target }, nextResponse: { ...target }, resolution: { ...target, internalMin: 0, publishedMin: 0 } }
const settings: DeadlineSettingsDTO = {
  clientId: 1, computerZone: 'UTC', calendarDefault: false, policyDefault: false, narrowed: [], handleCalendars: [], notifyOn: true, handleSwitches: [],
  calendar: { timeZone: 'UTC', alwaysOpen: true, weekly: Array.from({ length: 7 }, () => []), holidays: [], overrides: [] },
  policy,
}

vi.mock('../../lib/wails/deadlines', () => ({
  deadlineSettings: vi.fn(async () => settings),
  previewSettings: vi.fn(async () => ({ total: 3, moves: [] })),
  saveSettings: vi.fn(async () => undefined),
  getQuietHours: vi.fn(async () => ({ enabled: false, startMin: 0, endMin: 0 })),
  setQuietHours: vi.fn(),
  setNotify: vi.fn(),
  deleteCalendar: vi.fn(),
  deletePolicy: vi.fn(),
  importICal: vi.fn(),
}))

const sidebar = { clients: [{ id: 1, name: 'Bakery', handles: [] }] } as never

function open(onClose = vi.fn()) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <DeadlineSettings sidebar={sidebar} onClose={onClose} />
    </QueryClientProvider>,
  )
  return onClose
}

describe('DeadlineSettings', () => {
  it('previews and saves the hours and the targets together with one Save', async () => {
    open()
    fireEvent.click(await screen.findByTestId('cal-always-open')) // off: starts from Mon–Fri 9–17
    expect((screen.getByLabelText('Monday hours') as HTMLInputElement).value).toBe('09:00–17:00')
    fireEvent.click(screen.getByLabelText('First response in business hours'))
    // The first click's preview may still be on screen: wait for the one of both changes.
    await waitFor(() => expect(vi.mocked(dl.previewSettings).mock.calls.at(-1)?.[1].policy?.firstResponse.businessHours).toBe(true))
    expect((await screen.findByTestId('settings-moves')).textContent).toContain('3 open conversations would move')
    const draft = vi.mocked(dl.previewSettings).mock.calls.at(-1)![1]
    expect(draft.calendar?.alwaysOpen).toBe(false)
    expect(draft.policy?.firstResponse.businessHours).toBe(true)
    expect(screen.getAllByRole('button', { name: 'Save' })).toHaveLength(1)
    fireEvent.click(screen.getByTestId('settings-save'))
    await waitFor(() => expect(dl.saveSettings).toHaveBeenCalledWith(1, draft))
  })

  it('asks before leaving with unsaved changes', async () => {
    const onClose = open()
    const internal = (await screen.findByLabelText('First response internal minutes')) as HTMLInputElement
    fireEvent.click(screen.getByTestId('settings-close'))
    expect(onClose).toHaveBeenCalledTimes(1) // nothing changed: no question
    fireEvent.change(internal, { target: { value: '45' } })
    fireEvent.click(screen.getByTestId('settings-close'))
    fireEvent.click(await screen.findByTestId('leave-stay'))
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(internal.value).toBe('45')
    fireEvent.click(screen.getByTestId('settings-close'))
    fireEvent.click(await screen.findByTestId('leave-discard'))
    expect(onClose).toHaveBeenCalledTimes(2)
    expect(internal.value).toBe('30')
  })
})
