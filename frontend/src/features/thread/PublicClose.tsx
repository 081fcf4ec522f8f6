import './thread.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { eventLabel, isOpenLoop, loopView } from '../../lib/publicClose'
import { queryKeys } from '../../lib/queryKeys'
import { formatFull, formatUntil } from '../../lib/time'
import {
  dismissPublicClose,
  errorMessage,
  getPublicClose,
  logOffline,
  offlineDone,
  sendPublicClose,
  type ConversationDTO,
  type PublicCloseDTO,
} from '../../lib/wails'

interface Props {
  c: ConversationDTO
  now: number
  onOpen?: (id: number) => void
}

/**
 * Finishing in public (issue 12): a public thread taken private or handled
 * offline shows where it continued and, once that side is done, asks for
 * the public closing reply with the client's suggestion prefilled; it can be
 * dismissed with a reason. Also offers to log offline handling.
 */
export function PublicClosePanel({ c, now, onOpen }: Props) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.publicClose(c.id), queryFn: () => getPublicClose(c.id), enabled: c.kind === 'public' })
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: queryKeys.conversation(c.id) })
    void qc.invalidateQueries({ queryKey: queryKeys.conversations })
  }
  if (c.kind !== 'public' || q.isPending) return null
  const p = q.data ?? null
  if (!p || !isOpenLoop(p.state)) {
    return (
      <div className="public-close public-close-idle">
        {p && <ClosedLine p={p} />}
        <OfflineForm conversationId={c.id} onDone={refresh} />
      </div>
    )
  }
  return <OpenLoop key={p.id} p={p} now={now} onOpen={onOpen} onDone={refresh} />
}

function ClosedLine({ p }: { p: PublicCloseDTO }) {
  const v = loopView(p, 0)
  return (
    <details className="public-close-history" data-testid="public-close-closed" data-state={p.state}>
      <summary>{v.title}</summary>
      <History p={p} />
    </details>
  )
}

function History({ p }: { p: PublicCloseDTO }) {
  return (
    <ol className="public-close-events" data-testid="public-close-history">
      {p.events.map((e, i) => (
        <li key={i}>
          <time title={formatFull(e.at)}>{formatFull(e.at)}</time> {eventLabel(e.event)}
          {e.note && <span className="public-close-note">: {e.note}</span>}
        </li>
      ))}
    </ol>
  )
}

function OpenLoop({ p, now, onOpen, onDone }: { p: PublicCloseDTO; now: number; onOpen?: (id: number) => void; onDone: () => void }) {
  const v = loopView(p, now)
  const [text, setText] = useState(p.suggestion)
  const [reason, setReason] = useState('')
  const [dismissing, setDismissing] = useState(false)
  const send = useMutation({ mutationFn: () => sendPublicClose(p.conversationId, text), onSettled: onDone })
  const dismiss = useMutation({ mutationFn: () => dismissPublicClose(p.conversationId, reason), onSettled: onDone })
  const done = useMutation({ mutationFn: () => offlineDone(p.conversationId, ''), onSettled: onDone })
  const err = send.error ?? dismiss.error ?? done.error
  return (
    <div className={`banner public-close${v.overdue ? ' public-close-overdue' : ''}`} role="status" data-testid="public-close" data-state={p.state}>
      <div className="public-close-head">
        <strong data-testid="public-close-title">{v.title}</strong>
        <span className="public-close-where">
          {p.via === 'private' && p.privateConversationId > 0 && onOpen ? (
            <button type="button" className="link" onClick={() => onOpen(p.privateConversationId)} data-testid="public-close-open-private">
              Open the private conversation
            </button>
          ) : (
            v.where
          )}
          {p.offlineNote && <span className="public-close-note"> — {p.offlineNote}</span>}
        </span>
        {p.dueAt > 0 && (
          <span className="public-close-due" title={formatFull(p.dueAt)} data-testid="public-close-due">
            {v.overdue ? 'overdue' : `due ${formatUntil(p.dueAt, now)}`}
          </span>
        )}
      </div>
      {v.canSend && (
        <form
          className="public-close-compose"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim() && !send.isPending) send.mutate()
          }}
        >
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            aria-label="Public closing reply"
            data-testid="public-close-text"
          />
          <button type="submit" className="btn btn-primary" disabled={!text.trim() || send.isPending} data-testid="public-close-send">
            {send.isPending ? 'Sending…' : 'Send public reply'}
          </button>
        </form>
      )}
      <div className="public-close-actions">
        {v.canOfflineDone && (
          <button type="button" className="btn" onClick={() => done.mutate()} disabled={done.isPending} data-testid="public-close-offline-done">
            Offline handling done
          </button>
        )}
        {v.canDismiss && !dismissing && (
          <button type="button" className="btn" onClick={() => setDismissing(true)} data-testid="public-close-dismiss">
            Don't close in public…
          </button>
        )}
        {dismissing && (
          <form
            className="public-close-dismiss"
            onSubmit={(e) => {
              e.preventDefault()
              if (reason.trim()) dismiss.mutate()
            }}
          >
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why not? (kept in the history)" aria-label="Reason" data-testid="public-close-reason" />
            <button type="submit" className="btn" disabled={!reason.trim() || dismiss.isPending} data-testid="public-close-dismiss-confirm">
              Dismiss
            </button>
            <button type="button" className="btn" onClick={() => setDismissing(false)}>
              Cancel
            </button>
          </form>
        )}
      </div>
      {err && (
        <span className="inline-error" role="alert">
          {errorMessage(err)}
        </span>
      )}
      <details className="public-close-history">
        <summary>History</summary>
        <History p={p} />
      </details>
    </div>
  )
}

function OfflineForm({ conversationId, onDone }: { conversationId: number; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const [channel, setChannel] = useState<'phone' | 'email'>('phone')
  const [note, setNote] = useState('')
  const [finished, setFinished] = useState(true)
  const log = useMutation({
    mutationFn: () => logOffline(conversationId, channel, note, finished),
    onSuccess: () => {
      setOpen(false)
      setNote('')
    },
    onSettled: onDone,
  })
  if (!open) {
    return (
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)} data-testid="log-offline" title="Handled by phone or e-mail: the thread then waits for a public close">
        Handled offline…
      </button>
    )
  }
  return (
    <form
      className="public-close-offline"
      data-testid="offline-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (note.trim()) log.mutate()
      }}
    >
      <select value={channel} onChange={(e) => setChannel(e.target.value as 'phone' | 'email')} aria-label="Handled by">
        <option value="phone">By phone</option>
        <option value="email">By e-mail</option>
      </select>
      <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Outcome (e.g. refund agreed)" aria-label="Outcome" data-testid="offline-note" />
      <label>
        <input type="checkbox" checked={finished} onChange={(e) => setFinished(e.target.checked)} /> done
      </label>
      <button type="submit" className="btn" disabled={!note.trim() || log.isPending} data-testid="offline-save">
        Log
      </button>
      <button type="button" className="btn" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {log.isError && (
        <span className="inline-error" role="alert">
          {errorMessage(log.error)}
        </span>
      )}
    </form>
  )
}
