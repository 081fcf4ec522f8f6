// Escalation signals (issue 12) as the inbox shows them: words, never
// colour alone, and the filter values of the FilterBar's "Sentiment" select.
import { Mood, type FilterDTO, type SentimentDTO } from '../../lib/wails'

export const MOOD_LABEL: Record<string, string> = {
  [Mood.Negative]: 'Negative',
  [Mood.Neutral]: 'Neutral',
  [Mood.Positive]: 'Positive',
  [Mood.Unknown]: 'Unknown',
}

/** The FilterBar's sentiment choices: "irate" is the flag, the rest are moods. */
export const SENTIMENT_FILTERS = [
  { value: 'irate', label: 'Irate' },
  { value: Mood.Negative, label: 'Negative' },
  { value: Mood.Neutral, label: 'Neutral' },
  { value: Mood.Positive, label: 'Positive' },
] as const

/** The filter fields for one sentiment choice ('' = any). */
export function sentimentFilter(choice: string): Pick<FilterDTO, 'irate' | 'moods'> {
  if (choice === 'irate') return { irate: true, moods: [] }
  if (choice === Mood.Negative || choice === Mood.Neutral || choice === Mood.Positive) return { irate: false, moods: [choice] }
  return { irate: false, moods: [] }
}

/** The FilterBar choice a saved filter stands for. */
export function sentimentChoice(f: Partial<Pick<FilterDTO, 'irate' | 'moods'>>): string {
  if (f.irate) return 'irate'
  return f.moods?.[0] ?? ''
}

const TREND: Record<string, string> = { worsening: 'getting worse', improving: 'getting better', steady: 'steady' }

/** How the customer sounds, in words: "Negative, getting worse". */
export function describeSentiment(s: SentimentDTO | undefined): string {
  if (!s || s.label === Mood.Unknown) return 'Sentiment unknown (not English, or nothing to read)'
  const trend = TREND[s.trend]
  return `${MOOD_LABEL[s.label] ?? s.label}${trend ? `, ${trend}` : ''}`
}
