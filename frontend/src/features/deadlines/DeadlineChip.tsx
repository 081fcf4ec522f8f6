import './deadlines.css'
import { queryKeys } from '../../lib/queryKeys'
import { useQuery } from '@tanstack/react-query'
import { Fragment, useState } from 'react'
import { chipView, deadlineWords, eventText, formatClock, stateAt } from '../../lib/deadlines'
import { formatFull, isoInstant } from '../../lib/time'
import { errorMessage } from '../../lib/wails'
import { deadlineEvents } from '../../lib/wails/deadlines'
import type { DeadlineDTO } from '../../lib/wails'

interface Props {
  d: DeadlineDTO | null | undefined
  now: number
  /** Show the internal and published marks and the platform window in words (thread header). */
  detailed?: boolean
}

/**
 * The countdown to a conversation's next deadline: green on track, amber
 * inside the warning lead, red once the internal target or the promise has
 * passed. Marked "uncertain" when the handle's data is stale or failing.
 */
export function DeadlineChip({ d, now, detailed = false }: Props) {
  if (!d) return null
  const v = chipView(d, now)
  return (
    <span
      className={`deadline-chip deadline-${v.tone}${d.uncertain ? ' deadline-uncertain' : ''}${detailed ? ' deadline-detailed' : ''}`}
      data-testid="deadline-chip"
      data-state={stateAt(d, now)}
      title={v.title}
      aria-label={v.title}
    >
      <span className="deadline-dot" aria-hidden="true" />
      {!detailed && (
        <span className="deadline-label" data-testid="deadline-label">
          {v.label}
        </span>
      )}
      {d.uncertain && !detailed && (
        <span className="deadline-q" aria-hidden="true">
          ?
        </span>
      )}
      {detailed && <DeadlineWords words={deadlineWords(d, now)} />}
      {detailed && d.uncertain && (
        <span className="deadline-asof" data-testid="deadline-uncertain">
          uncertain — data as of {d.dataAsOf > 0 ? formatClock(d.dataAsOf, now) : 'never'}
        </span>
      )}
    </span>
  )
}

/**
 * The deadline in words, one phrase per mark. The "·" ends the phrase before
 * it (joined by a no-break space), so a wrapped line never starts with one,
 * and a phrase itself only breaks when it is wider than the header.
 */
function DeadlineWords({ words }: { words: string[] }) {
  return (
    <span className="deadline-marks" data-testid="deadline-marks">
      {words.map((w, i) => (
        <Fragment key={i}>
          {/* a space for screen readers and copying; the flex gap lays it out */}
          {i > 0 && ' '}
          <span className="deadline-phrase" data-testid="deadline-phrase">
            {i < words.length - 1 ? `${w}\u00a0·` : w}
          </span>
        </Fragment>
      ))}
    </span>
  )
}

/**
 * A small "History" disclosure listing a conversation's deadline state
 * changes with their times; loaded only when opened.
 */
export function DeadlineHistory({ conversationId, now }: { conversationId: number; now: number }) {
  const [open, setOpen] = useState(false)
  const q = useQuery({
    queryKey: queryKeys.deadlineEvents(conversationId),
    queryFn: () => deadlineEvents(conversationId),
    enabled: open,
    staleTime: 0,
  })
  return (
    <details className="deadline-history" data-testid="deadline-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History</summary>
      {open && (
        <ol data-testid="deadline-history-list">
          {q.isPending && <li>Loading…</li>}
          {q.isError && <li className="settings-error">{errorMessage(q.error)}</li>}
          {q.data?.length === 0 && <li>No deadline changes yet.</li>}
          {q.data?.map((e, i) => (
            <li key={`${e.clock}-${e.event}-${e.at}-${i}`} data-testid="deadline-event" data-event={e.event}>
              <time dateTime={isoInstant(e.at)} title={formatFull(e.at)}>
                {formatClock(e.at, now)}
              </time>
              {eventText(e.clock, e.event)}
              {e.recordedAt - e.at > 60_000 && <span className="settings-note"> (noticed {formatClock(e.recordedAt, now)})</span>}
            </li>
          ))}
        </ol>
      )}
    </details>
  )
}
