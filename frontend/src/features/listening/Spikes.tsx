import { useQuery } from '@tanstack/react-query'
import { queryKeys } from '../../lib/queryKeys'
import { formatClock, formatFull } from '../../lib/time'
import { listenSpikes } from '../../lib/wails/listen'
import { Name } from '../../ui/Name'

interface Props {
  clientId: number
  now: number
  /** Shows one search's results (a surge in a search). */
  onShow: (searchId: number) => void
}

/**
 * The last day's surges of a client (issue 16): what a spike's desktop
 * notification said, kept here whether or not it reached the desktop (no
 * notification service, notifications turned off), so a surge is never
 * only a notification that may not have shown.
 */
export function Spikes({ clientId, now, onShow }: Props) {
  const spikes = useQuery({
    queryKey: queryKeys.listenSpikes(clientId),
    queryFn: () => listenSpikes(clientId),
    enabled: clientId !== 0,
    refetchInterval: 60_000,
  })
  const list = spikes.data ?? []
  if (list.length === 0) return null
  return (
    <section className="listen-spikes" aria-label="Surges in the last day" data-testid="listen-spikes">
      <h2>Surging</h2>
      <ul>
        {list.map((sp) => (
          <li
            key={`${sp.searchId}:${sp.handleId}:${sp.metric}:${sp.hour}`}
            className={sp.metric === 'negative' ? 'listen-spike listen-spike-negative' : 'listen-spike'}
            data-testid="listen-spike"
          >
            <span className="listen-spike-title">
              <Name text={sp.title} />
            </span>{' '}
            <span className="listen-spike-body">
              <Name text={sp.body} />
            </span>{' '}
            <span className="listen-muted" title={formatFull(sp.hour)}>
              from {formatClock(sp.hour, now)}
            </span>
            {!sp.delivered && (
              <span className="listen-muted" data-testid="listen-spike-undelivered">
                {' '}
                · its desktop notification has not shown; Care Inbox sends it again while the surge is recent
              </span>
            )}
            {sp.searchId !== 0 && (
              <>
                {' '}
                <button type="button" onClick={() => onShow(sp.searchId)} data-testid="listen-spike-show">
                  Show results
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
