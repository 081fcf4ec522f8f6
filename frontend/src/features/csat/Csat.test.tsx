import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import * as csat from '../../lib/wails/csat'
import type { CSATSettingsDTO, SurveyDTO } from '../../lib/wails/csat'
import { ConversationSurvey, CsatBadge, surveyText } from './CsatBadge'
import { CsatForm } from './CsatSettings'

vi.mock('../../lib/wails/csat', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails/csat')>()
  return { ...orig, saveCSATSettings: vi.fn(), getSurvey: vi.fn(), getCSATSettings: vi.fn() }
})

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>)
}

const settings: CSATSettingsDTO = {
  enabled: false,
  question: 'How did we do?',
  scale: '1-5',
  trigger: 'resolve',
  delayMinutes: 0,
  networks: [],
  kinds: [],
  publicMode: 'reply',
  quietDays: 30,
}

const survey = (over: Partial<SurveyDTO>): SurveyDTO => ({
  conversationId: 1,
  state: 'answered',
  scale: '1-5',
  dueAt: 0,
  askedAt: 1,
  messageId: 9,
  reason: '',
  score: 5,
  comment: '',
  optedOut: false,
  answeredAt: 2,
  ...over,
})

describe('CsatBadge', () => {
  it.each([
    [survey({ score: 5 }), 'Rated 5/5', 'csat-good'],
    [survey({ score: 2 }), 'Rated 2/5', 'csat-bad'],
    [survey({ scale: 'thumbs', score: 5 }), 'Rated 👍', 'csat-good'],
    [survey({ scale: 'thumbs', score: 1 }), 'Rated 👎', 'csat-bad'],
    [survey({ state: 'asked', score: 0 }), 'Survey sent, waiting for an answer', 'csat-neutral'],
    [survey({ state: 'blocked', score: 0, reason: 'window closed' }), 'Survey not sent', 'csat-warn'],
    [survey({ score: 0, optedOut: true }), 'Customer opted out of surveys', 'csat-neutral'],
  ])('shows %o as %s', (s, text, tone) => {
    render(<CsatBadge survey={s} />)
    const b = screen.getByTestId('csat-badge')
    expect(b.textContent).toBe(text)
    expect(b.className).toContain(tone)
    expect(surveyText(s)).toBe(text)
  })
})

describe('CsatForm', () => {
  it('saves what was set and says when a network cannot DM', async () => {
    const save = vi.mocked(csat.saveCSATSettings)
    save.mockImplementation(async (_id, v) => v)
    wrap(
      <CsatForm
        clientId={7}
        clientName="Bakery"
        initial={settings}
        channels={[
          { network: 'facebook', canDM: true, note: '24 hours' },
          { network: 'linkedin', canDM: false, note: 'no DMs' },
        ]}
      />,
    )
    fireEvent.click(screen.getByTestId('csat-enabled'))
    fireEvent.change(screen.getByTestId('csat-scale'), { target: { value: 'thumbs' } })
    fireEvent.change(screen.getByTestId('csat-trigger'), { target: { value: 'delay' } })
    fireEvent.change(screen.getByTestId('csat-delay'), { target: { value: '60' } })
    fireEvent.click(screen.getByTestId('csat-network-facebook'))
    fireEvent.click(screen.getByTestId('csat-kind-private'))
    expect(screen.queryByTestId('csat-no-dm')).toBeNull()
    fireEvent.change(screen.getByTestId('csat-public-mode'), { target: { value: 'dm' } })
    expect(screen.getByTestId('csat-no-dm').textContent).toContain('linkedin')
    fireEvent.click(screen.getByTestId('csat-save'))
    await waitFor(() => expect(screen.getByTestId('csat-saved')).toBeTruthy())
    expect(save).toHaveBeenCalledWith(7, {
      ...settings,
      enabled: true,
      scale: 'thumbs',
      trigger: 'delay',
      delayMinutes: 60,
      networks: ['facebook'],
      kinds: ['private'],
      publicMode: 'dm',
    })
  })

  it('shows the error of a refused save', async () => {
    vi.mocked(csat.saveCSATSettings).mockRejectedValue(new Error('the delay must be between 1 minute and 14 days'))
    wrap(<CsatForm clientId={7} clientName="Bakery" initial={settings} channels={[]} />)
    fireEvent.click(screen.getByTestId('csat-save'))
    await waitFor(() => expect(screen.getByTestId('csat-error').textContent).toContain('delay'))
  })
})

describe('ConversationSurvey', () => {
  it('tells why a survey was not sent and offers the button', async () => {
    vi.mocked(csat.getSurvey).mockResolvedValue(survey({ state: 'blocked', score: 0, reason: "facebook's 24-hour messaging window closed" }))
    vi.mocked(csat.getCSATSettings).mockResolvedValue({ ...settings, enabled: true })
    wrap(<ConversationSurvey conversationId={1} clientId={7} />)
    await waitFor(() => expect(screen.getByTestId('csat-reason').textContent).toContain('24-hour'))
    await waitFor(() => expect(screen.getByTestId('csat-ask')).toBeTruthy())
  })

  it('shows the score and the comment, without the button', async () => {
    vi.mocked(csat.getSurvey).mockResolvedValue(survey({ score: 4, comment: 'thanks Sam' }))
    vi.mocked(csat.getCSATSettings).mockResolvedValue({ ...settings, enabled: true })
    wrap(<ConversationSurvey conversationId={1} clientId={7} />)
    await waitFor(() => expect(screen.getByTestId('csat-badge').textContent).toBe('Rated 4/5'))
    expect(screen.getByTestId('csat-comment').textContent).toBe('thanks Sam')
    expect(screen.queryByTestId('csat-ask')).toBeNull()
  })

  it('says nothing where the client does not survey', async () => {
    vi.mocked(csat.getSurvey).mockResolvedValue(survey({ state: 'none', score: 0 }))
    vi.mocked(csat.getCSATSettings).mockResolvedValue(settings)
    const { container } = wrap(<ConversationSurvey conversationId={1} clientId={7} />)
    await waitFor(() => expect(vi.mocked(csat.getCSATSettings)).toHaveBeenCalled())
    expect(container.querySelector('[data-testid="csat-strip"]')).toBeNull()
  })
})
