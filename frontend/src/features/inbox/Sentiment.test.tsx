import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_FILTER, toFilterDTO } from '../../lib/filter'
import { Mood, type SentimentDTO } from '../../lib/wails'
import { applyExtra } from '../triage/Workbench'
import { FilterBar, NO_EXTRA } from './FilterBar'
import { ConversationMood, IrateBadge, IrateBanner, MoodLabel } from './Sentiment'
import { describeSentiment, sentimentChoice, sentimentFilter } from './moods'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return { ...orig, listTags: vi.fn().mockResolvedValue([]) }
})

const irate: SentimentDTO = { score: -0.71, label: Mood.Negative, trend: 'worsening', irate: true, reason: 'threatens to leave or go public (“trustpilot”)' }
const calm: SentimentDTO = { score: 0.4, label: Mood.Positive, trend: '', irate: false, reason: '' }

describe('IrateBadge', () => {
  it('flags an irate customer with words and an accessible reason', () => {
    render(<IrateBadge s={irate} />)
    const badge = screen.getByTestId('irate-badge')
    expect(badge.textContent).toContain('Irate')
    expect(badge.getAttribute('aria-label')).toBe('Irate customer: threatens to leave or go public (“trustpilot”)')
    expect(screen.getByRole('img', { name: /Irate customer/ })).toBe(badge)
  })

  it('shows nothing for a customer who is not irate', () => {
    const { container } = render(<IrateBadge s={calm} />)
    expect(container.textContent).toBe('')
  })
})

describe('MoodLabel and ConversationMood', () => {
  it('labels a message in words, not colour alone', () => {
    render(<MoodLabel mood={Mood.Negative} threat="cancel my account" />)
    const label = screen.getByTestId('mood-label')
    expect(label.textContent).toBe('Sentiment: negative · threat')
    expect(label.getAttribute('title')).toContain('cancel my account')
  })

  it('says nothing about messages it could not read', () => {
    const { container } = render(<MoodLabel mood={Mood.Unknown} />)
    expect(container.textContent).toBe('')
  })

  it('describes the conversation with its trend', () => {
    render(<ConversationMood s={irate} />)
    expect(screen.getByTestId('conversation-mood').textContent).toBe('Customer sentiment: Negative, getting worse')
    expect(describeSentiment({ ...calm, label: Mood.Unknown })).toMatch(/^Sentiment unknown/)
  })
})

describe('IrateBanner', () => {
  it('suggests taking a public thread private and offers the move', () => {
    const onMove = vi.fn()
    render(<IrateBanner s={irate} isPublic onMove={onMove} />)
    const banner = screen.getByTestId('irate-banner')
    expect(banner.textContent).toContain('Consider taking this private or offline')
    expect(banner.textContent).toContain('trustpilot')
    fireEvent.click(screen.getByTestId('irate-banner-move'))
    expect(onMove).toHaveBeenCalledOnce()
  })

  it('suggests going offline where there is no public thread', () => {
    render(<IrateBanner s={irate} isPublic={false} onMove={() => {}} />)
    expect(screen.getByTestId('irate-banner').textContent).toContain('taking this offline')
    expect(screen.queryByTestId('irate-banner-move')).toBeNull()
  })

  it('is absent for a calm customer', () => {
    const { container } = render(<IrateBanner s={calm} isPublic onMove={() => {}} />)
    expect(container.textContent).toBe('')
  })
})

describe('the sentiment filter', () => {
  it('offers Irate and Negative in the filter bar', () => {
    const onChange = vi.fn()
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    render(
      <QueryClientProvider client={qc}>
        <FilterBar value={NO_EXTRA} onChange={onChange} />
      </QueryClientProvider>,
    )
    const select = screen.getByLabelText('Sentiment') as HTMLSelectElement
    expect([...select.options].map((o) => o.textContent)).toEqual(['Any sentiment', 'Irate', 'Negative', 'Neutral', 'Positive'])
    fireEvent.change(select, { target: { value: 'irate' } })
    expect(onChange).toHaveBeenCalledWith({ ...NO_EXTRA, sentiment: 'irate' })
  })

  it.each([
    ['', { irate: false, moods: [] }],
    ['irate', { irate: true, moods: [] }],
    ['negative', { irate: false, moods: ['negative'] }],
    ['positive', { irate: false, moods: ['positive'] }],
    ['furious', { irate: false, moods: [] }],
  ])('turns %j into the list filter', (choice, want) => {
    const dto = applyExtra(toFilterDTO(DEFAULT_FILTER), { ...NO_EXTRA, sentiment: choice })
    expect({ irate: dto.irate, moods: dto.moods }).toEqual(want)
    expect(dto.statuses).toEqual(['open'])
    expect(sentimentFilter(choice)).toEqual(want)
  })

  it('reads a saved view back into the choice', () => {
    expect(sentimentChoice({ irate: true, moods: [] })).toBe('irate')
    expect(sentimentChoice({ irate: false, moods: [Mood.Negative] })).toBe('negative')
    expect(sentimentChoice({})).toBe('')
  })
})
