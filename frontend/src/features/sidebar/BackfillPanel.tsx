// A handle's history backfill in its status panel: a progress bar with the
// counts so far and an estimate when the network gives a total (an IMAP
// mailbox's message count), else "N so far, back to <date>"; pause, resume,
// stop, and "Backfill history…" with a date not to go back before.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { formatDay } from '../../lib/time'
import { errorMessage } from '../../lib/wails'
import {
  backfillStatus,
  pauseBackfill,
  resumeBackfill,
  startBackfill,
  stopBackfill,
  type BackfillDTO,
} from '../../lib/wails/backfill'

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`

/** The words under the bar; eta is an estimate of the time left, when one can be made. */
export function backfillText(b: BackfillDTO, eta?: string): string {
  const so = `${count(b.messages, 'message', 'messages')} in ${count(b.conversations, 'conversation', 'conversations')}`
  const back = b.oldestAt > 0 ? `, back to ${formatDay(b.oldestAt)}` : ''
  switch (b.state) {
    case 'done':
      return `History fetched: ${so}${back}.`
    case 'stopped':
      return `Stopped: ${so}${back}.`
    case 'paused':
      return `Paused: ${so}${back}.`
    case 'running':
      if (b.total > 0 && b.progress >= 0) {
        return `Fetching history: ${Math.round(b.progress * 100)} % of ${count(b.total, 'item', 'items')}${eta ? `, about ${eta} left` : ''} (${so}${back}).`
      }
      return `Fetching history: ${so} so far${back}.`
  }
  return 'History before this handle was connected has not been fetched.'
}

/** Time left from the progress seen since the panel opened (none until it moved). */
function useEstimate(b: BackfillDTO | undefined): string | undefined {
  const first = useRef<{ at: number; p: number } | null>(null)
  if (!b || b.state !== 'running' || b.progress < 0) {
    first.current = null
    return undefined
  }
  const now = Date.now()
  if (!first.current) first.current = { at: now, p: b.progress }
  const dp = b.progress - first.current.p
  if (dp <= 0) return undefined
  const left = ((1 - b.progress) * (now - first.current.at)) / dp / 1000
  if (left < 60) return 'a minute'
  if (left < 3600) return `${Math.round(left / 60)} minutes`
  return `${Math.round(left / 3600)} hours`
}

export function BackfillPanel({ handleId }: { handleId: number }) {
  const qc = useQueryClient()
  const [asking, setAsking] = useState(false)
  const [until, setUntil] = useState('')
  const [error, setError] = useState('')
  const q = useQuery({ queryKey: queryKeys.backfill(handleId), queryFn: () => backfillStatus(handleId) })
  const act = useMutation({
    mutationFn: (fn: () => Promise<BackfillDTO>) => fn(),
    onMutate: () => setError(''),
    onSuccess: (b) => {
      qc.setQueryData(queryKeys.backfill(handleId), b)
      setAsking(false)
    },
    onError: (e) => setError(errorMessage(e)),
  })
  const b = q.data
  const eta = useEstimate(b)
  if (!b) return null
  if (!b.available && b.state === 'none') {
    return (
      <div className="backfill" data-testid="backfill-panel">
        <div className="hint" data-testid="backfill-note">{b.note}</div>
      </div>
    )
  }
  const shown = b.state !== 'none'
  const pct = b.state === 'done' ? 100 : b.progress >= 0 ? Math.round(b.progress * 100) : undefined
  return (
    <div className="backfill" data-testid="backfill-panel" data-state={b.state}>
      {shown && (
        <>
          {/* Without a total the bar is indeterminate: it moves, how far is not known. */}
          <progress
            className="backfill-bar"
            max={100}
            value={pct}
            aria-label="History backfill"
            data-testid="backfill-progress"
          />
          <div className="hint" data-testid="backfill-text">{backfillText(b, eta)}</div>
        </>
      )}
      {b.error && b.state === 'running' && <div className="inline-error">{b.error}</div>}
      {error && <div className="inline-error">{error}</div>}
      <div className="handle-actions">
        {b.state === 'running' && (
          <button type="button" className="btn btn-small" onClick={() => act.mutate(() => pauseBackfill(handleId))} data-testid="backfill-pause">
            Pause
          </button>
        )}
        {(b.state === 'paused' || b.state === 'stopped') && (
          <button type="button" className="btn btn-small" onClick={() => act.mutate(() => resumeBackfill(handleId))} data-testid="backfill-resume">
            Resume
          </button>
        )}
        {(b.state === 'running' || b.state === 'paused') && (
          <button type="button" className="btn btn-small" onClick={() => act.mutate(() => stopBackfill(handleId))} data-testid="backfill-stop">
            Stop
          </button>
        )}
        {b.available && !asking && b.state !== 'running' && (
          <button type="button" className="btn btn-small" onClick={() => setAsking(true)} data-testid="backfill-open">
            Backfill history…
          </button>
        )}
      </div>
      {asking && (
        <form
          className="backfill-form"
          onSubmit={(e) => {
            e.preventDefault()
            act.mutate(() => startBackfill(handleId, until))
          }}
        >
          <label className="hint">
            Don’t go back before{' '}
            <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="backfill-until" />
          </label>
          <div className="hint">Leave the date empty to fetch as far back as the network allows.</div>
          <div className="handle-actions">
            <button type="submit" className="btn btn-small btn-primary" disabled={act.isPending} data-testid="backfill-start">
              Fetch history
            </button>
            <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
