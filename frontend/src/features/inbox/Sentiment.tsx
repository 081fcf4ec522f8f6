import './inbox.css'
import { Mood, type SentimentDTO } from '../../lib/wails'
import { describeSentiment, MOOD_LABEL } from './moods'

/** The list row's flag for an irate customer; nothing otherwise. */
export function IrateBadge({ s }: { s: SentimentDTO | undefined }) {
  if (!s?.irate) return null
  const why = s.reason ? `Irate customer: ${s.reason}` : 'Irate customer'
  return (
    <span className="irate-badge" role="img" aria-label={why} title={why} data-testid="irate-badge">
      <span aria-hidden="true">⚠ </span>Irate
    </span>
  )
}

/** A message's subtle sentiment label; nothing for unknown (other languages, the business's own). */
export function MoodLabel({ mood, threat }: { mood: string; threat?: string }) {
  if (!mood || mood === Mood.Unknown) return null
  const text = MOOD_LABEL[mood] ?? mood
  return (
    <span className={`mood-label mood-${mood}`} data-testid="mood-label" data-mood={mood} title={threat ? `${text} — says “${threat}”` : `Sentiment: ${text}`}>
      <span className="sr-only">Sentiment: </span>
      {text.toLowerCase()}
      {threat && <span className="mood-threat"> · threat</span>}
    </span>
  )
}

/** The conversation's sentiment in the thread header, in words. */
export function ConversationMood({ s }: { s: SentimentDTO | undefined }) {
  if (!s) return null
  return (
    <span className={`mood-label mood-${s.label}`} data-testid="conversation-mood" data-mood={s.label} title="From the customer's latest messages">
      <span className="sr-only">Customer sentiment: </span>
      {describeSentiment(s)}
    </span>
  )
}

/**
 * Suggests taking an irate customer's conversation out of the public eye.
 * Public threads get the move-to-private action; others a suggestion in words.
 */
export function IrateBanner({ s, isPublic, onMove }: { s: SentimentDTO | undefined; isPublic: boolean; onMove?: () => void }) {
  if (!s?.irate) return null
  return (
    <div className="banner banner-warn irate-banner" role="note" aria-label="Irate customer" data-testid="irate-banner">
      <span>
        <strong>Irate customer</strong> — {s.reason || 'strongly negative'}.{' '}
        {isPublic
          ? 'Consider taking this private or offline (a DM, a call) before it escalates in public, then close it here in public.'
          : 'Consider taking this offline: a call or a personal e-mail often calms things down faster.'}
      </span>
      {isPublic && onMove && (
        <button type="button" className="btn" onClick={onMove} data-testid="irate-banner-move">
          Move to private…
        </button>
      )}
    </div>
  )
}
