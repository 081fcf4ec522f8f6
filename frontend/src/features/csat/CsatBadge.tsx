import './csat.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { askForRating, getCSATSettings, getCustomerCSAT, getSurvey, setSurveyOptOut, type SurveyDTO } from '../../lib/wails/csat'
import { errorMessage } from '../../lib/wails'

/** Query keys nest under the conversation's and the customer's, so their deltas refresh these too. */
export const csatKeys = {
  survey: (conversationId: number) => ['conversation', conversationId, 'csat'] as const,
  customer: (participantId: number) => ['customer', participantId, 'csat'] as const,
  settings: (clientId: number) => ['csat-settings', clientId] as const,
}

/** How a score reads on its scale: "5/5", "👍". */
export function scoreLabel(scale: string, score: number): string {
  if (scale === 'thumbs') return score >= 4 ? '👍' : '👎'
  return `${score}/5`
}

/** The survey's state in a few words, for the badge. */
export function surveyText(s: SurveyDTO): string {
  switch (s.state) {
    case 'answered':
      return s.optedOut ? 'Customer opted out of surveys' : `Rated ${scoreLabel(s.scale, s.score)}`
    case 'asked':
      return 'Survey sent, waiting for an answer'
    case 'scheduled':
      return 'Survey scheduled'
    case 'unanswered':
      return 'Survey not answered'
    case 'blocked':
      return 'Survey not sent'
    case 'cancelled':
      return 'Survey cancelled'
    default:
      return 'No survey'
  }
}

/** The survey badge: a score (green 4–5 / 👍, red otherwise) or the state. */
export function CsatBadge({ survey }: { survey: SurveyDTO }) {
  const rated = survey.state === 'answered' && survey.score > 0
  const tone = rated ? (survey.score >= 4 ? 'csat-good' : 'csat-bad') : survey.state === 'blocked' ? 'csat-warn' : 'csat-neutral'
  return (
    <span className={`csat-badge ${tone}`} data-testid="csat-badge" data-state={survey.state} data-score={survey.score}>
      {surveyText(survey)}
    </span>
  )
}

/** The survey strip in the conversation: badge, the customer's comment, why it was not sent, the button. */
export function ConversationSurvey({ conversationId, clientId }: { conversationId: number; clientId: number }) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: csatKeys.survey(conversationId), queryFn: () => getSurvey(conversationId), retry: false })
  const settings = useQuery({ queryKey: csatKeys.settings(clientId), queryFn: () => getCSATSettings(clientId), retry: false })
  const ask = useMutation({
    mutationFn: () => askForRating(conversationId),
    onSettled: () => qc.invalidateQueries({ queryKey: ['conversation', conversationId] }),
  })
  if (!q.data) return null // no back end or no data: nothing to say
  const s = q.data
  // The button only where the client surveys at all; a survey already asked is never asked again.
  const canAsk = !!settings.data?.enabled && (s.state === 'none' || s.state === 'blocked' || s.state === 'cancelled')
  if (s.state === 'none' && !canAsk) return null
  return (
    <div className="csat-strip" data-testid="csat-strip">
      {s.state !== 'none' && <CsatBadge survey={s} />}
      {s.comment && !s.optedOut && <q className="csat-comment" data-testid="csat-comment">{s.comment}</q>}
      {s.reason && (
        <span className="csat-reason" role="note" data-testid="csat-reason">
          {s.reason}
        </span>
      )}
      {canAsk && (
        <button type="button" className="btn btn-small" onClick={() => ask.mutate()} disabled={ask.isPending} data-testid="csat-ask">
          Ask for a rating
        </button>
      )}
      {ask.isError && <span role="alert">{errorMessage(ask.error)}</span>}
    </div>
  )
}

/** A customer's surveys in the customer view, with the opt-out toggle. */
export function CustomerSurveys({ participantId }: { participantId: number }) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: csatKeys.customer(participantId), queryFn: () => getCustomerCSAT(participantId), retry: false })
  const opt = useMutation({
    mutationFn: (v: boolean) => setSurveyOptOut(participantId, v),
    onSettled: () => qc.invalidateQueries({ queryKey: csatKeys.customer(participantId) }),
  })
  if (!q.data) return null
  const rated = q.data.surveys.filter((s) => s.state === 'answered' && s.score > 0)
  return (
    <section className="csat-customer" data-testid="customer-csat">
      <h4>Satisfaction</h4>
      <p>
        {rated.length > 0 ? (
          <span data-testid="customer-csat-score">
            {Math.round(q.data.score)}% satisfied ({rated.length} rating{rated.length === 1 ? '' : 's'})
          </span>
        ) : (
          'No ratings yet.'
        )}{' '}
        {q.data.surveys.map((s) => (
          <CsatBadge key={s.conversationId} survey={s} />
        ))}
      </p>
      <label>
        <input
          type="checkbox"
          checked={q.data.optedOut}
          onChange={(e) => opt.mutate(e.target.checked)}
          data-testid="customer-csat-optout"
        />{' '}
        Never send this customer a satisfaction survey
      </label>
    </section>
  )
}
