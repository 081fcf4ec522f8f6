import { Name } from '../../ui/Name'
import './thread.css'
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { kindLabel, networkInfo } from '../../lib/networks'
import { useNow } from '../../lib/now'
import { useAddNote, useConversation, useMarkRead, useRetrySend, useUndoableStatus, useUndoSend } from '../../lib/queries'
import { queryKeys } from '../../lib/queryKeys'
import { formatFull, formatTimestamp, formatUntil, isoInstant } from '../../lib/time'
import { errorMessage, toApiError, type ConversationDTO, type ConversationPageDTO, ConversationStatus, type MessageDTO, type NoteDTO } from '../../lib/wails'
import { bodyPreview, LONG_BODY } from '../../lib/longText'
import { customerLabel } from '../inbox/ConversationRow'
import { LinkifiedText } from './LinkifiedText'
import { Breakable } from '../../ui/Breakable'
import { NetworkBadge } from '../../ui/NetworkBadge'
import { DeadlineChip, DeadlineHistory } from '../deadlines/DeadlineChip'
import { Composer } from '../compose/Composer'
import { SensitiveBanner } from './SensitiveBanner'
import { ConversationSurvey } from '../csat/CsatBadge'
import { PublicClosePanel } from './PublicClose'
import { StatusChip } from '../../ui/StatusChip'
import { ConversationMood, IrateBanner, MoodLabel } from '../inbox/Sentiment'

type Item = { kind: 'message'; at: number; m: MessageDTO } | { kind: 'note'; at: number; n: NoteDTO }

const DELIVERY: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Failed to send',
}

/** Tomorrow at 09:00 local time. */
export function tomorrowMorning(now: number): number {
  const d = new Date(now)
  d.setDate(d.getDate() + 1)
  d.setHours(9, 0, 0, 0)
  return d.getTime()
}

/** The countdown of a held reply, ticking each second while it lasts. */
function useSecondsLeft(until: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until <= Date.now()) return
    const t = window.setInterval(() => setNow(Date.now()), 500)
    return () => window.clearInterval(t)
  }, [until])
  return Math.max(0, Math.ceil((until - now) / 1000))
}

/** "Sending in 8 s · Undo" on a reply still in its undo window. */
function HeldReply({ m, conversationId }: { m: MessageDTO; conversationId: number }) {
  const left = useSecondsLeft(m.undoUntil)
  const undo = useUndoSend(conversationId)
  if (left <= 0) return null
  return (
    <span className="held-reply" data-testid="held-reply">
      Sending in {left} s
      <button type="button" className="btn btn-small" disabled={undo.isPending} onClick={() => undo.mutate(m.id)} data-testid="undo-send-inline">
        {undo.isPending ? 'Undoing…' : 'Undo'}
      </button>
      {undo.isError && <span className="inline-error">{errorMessage(undo.error)}</span>}
    </span>
  )
}

/**
 * A message's text. A very long one (a 1 MB e-mail) shows its first part at
 * once and the rest only when asked: rendering it all blocks the window.
 */
function MessageBody({ text }: { text: string }) {
  const [all, setAll] = useState(false)
  const preview = useMemo(() => (text.length > LONG_BODY ? bodyPreview(text) : null), [text])
  if (!preview || all) return <LinkifiedText text={text} />
  return (
    <>
      <LinkifiedText text={preview.head} />
      <div className="msg-more">
        <span className="msg-more-note">… {preview.hiddenLabel} more</span>
        <button type="button" className="btn btn-small" onClick={() => setAll(true)} data-testid="message-show-all">
          Show all ({preview.totalLabel})
        </button>
      </div>
    </>
  )
}

function Message({ m, now, hit, conversationId }: { m: MessageDTO; now: number; hit?: boolean; conversationId: number }) {
  const out = m.direction === 'out'
  const retry = useRetrySend(conversationId)
  return (
    <article className={`msg ${out ? 'msg-out' : 'msg-in'}${hit ? ' msg-hit' : ''}`} data-hit={hit ? 'true' : undefined} data-testid="message" data-direction={out ? 'out' : 'in'} data-id={m.id}>
      <header className="msg-head">
        <span className="msg-author">
          <Breakable text={m.authorName || (out ? 'You' : 'Customer')} />
        </span>
        <time className="msg-time" dateTime={m.sentAt ? isoInstant(m.sentAt) : undefined} title={formatFull(m.sentAt)}>
          {formatTimestamp(m.sentAt, now)}
        </time>
        {!out && <MoodLabel mood={m.sentiment} threat={m.threat} />}
        {out && m.delivery && m.delivery !== 'received' && (
          <span className={`delivery delivery-${DELIVERY[m.delivery] ? m.delivery : 'other'}`} data-testid="delivery">
            {DELIVERY[m.delivery] ?? m.delivery}
          </span>
        )}
        {out && m.delivery === 'queued' && m.undoUntil > 0 && <HeldReply m={m} conversationId={conversationId} />}
      </header>
      <div className="msg-text" data-testid="message-text">
        <MessageBody text={m.text} />
      </div>
      {out && m.sendError && (m.delivery === 'failed' || m.delivery === 'queued') && (
        <footer className={`send-error send-error-${m.delivery}`} data-testid="send-error">
          <span>{m.delivery === 'failed' ? `Not sent: ${m.sendError}` : `Waiting to send: ${m.sendError}`}</span>
          {m.delivery === 'failed' && (
            <button
              type="button"
              className="btn btn-small"
              disabled={retry.isPending}
              onClick={() => retry.mutate(m.id)}
              data-testid="retry-send"
              title={
                mustCheck(m.sendError)
                  ? 'Care Inbox cannot tell whether the customer got it: send it again only if the conversation on the network does not show it'
                  : undefined
              }
            >
              {retry.isPending ? 'Retrying…' : mustCheck(m.sendError) ? 'Checked: send again' : 'Retry'}
            </button>
          )}
          {retry.isError && <span className="inline-error">{errorMessage(retry.error)}</span>}
        </footer>
      )}
    </article>
  )
}

function Note({ n, now }: { n: NoteDTO; now: number }) {
  return (
    <aside className="note" data-testid="note" data-id={n.id}>
      <header className="note-head">
        <span className="note-label">Internal note — never sent</span>
        <span className="note-author">{n.author}</span>
        <time className="msg-time" title={formatFull(n.createdAt)}>
          {formatTimestamp(n.createdAt, now)}
        </time>
      </header>
      <div className="note-text" data-testid="note-text">
        <LinkifiedText text={n.text} />
      </div>
    </aside>
  )
}

/**
 * onSnooze opens the snooze menu (the same as the S key); without it (a
 * thread shown on its own) Snooze hides the conversation until tomorrow 09:00.
 */
function StatusActions({ c, onSnooze }: { c: ConversationDTO; onSnooze?: () => void }) {
  const now = useNow()
  const setStatus = useUndoableStatus()
  const act = (status: ConversationStatus, snoozedUntil = 0) => setStatus.mutate({ ids: [c.id], status, snoozedUntil })
  const busy = setStatus.isPending
  return (
    <div className="thread-actions" data-testid="status-actions">
      {c.status !== ConversationStatus.Open && (
        <button type="button" className="btn" disabled={busy} onClick={() => act(ConversationStatus.Open)} data-testid="action-reopen">
          Reopen
        </button>
      )}
      {c.status !== ConversationStatus.Pending && c.status !== ConversationStatus.Resolved && (
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => act(ConversationStatus.Pending)}
          title="Waiting on the customer"
          data-testid="action-pending"
        >
          Pending
        </button>
      )}
      {c.status !== ConversationStatus.Snoozed && c.status !== ConversationStatus.Resolved && (
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => (onSnooze ? onSnooze() : act(ConversationStatus.Snoozed, tomorrowMorning(now)))}
          title={onSnooze ? 'Hide it until a time you pick (S)' : `Hide until ${formatFull(tomorrowMorning(now))}`}
          aria-haspopup={onSnooze ? 'dialog' : undefined}
          data-testid="action-snooze"
        >
          Snooze
        </button>
      )}
      {c.status !== ConversationStatus.Resolved && (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act(ConversationStatus.Resolved)} data-testid="action-resolve">
          Resolve
        </button>
      )}
      {setStatus.isError && (
        <span className="inline-error" role="alert">
          {errorMessage(setStatus.error)}
        </span>
      )}
    </div>
  )
}

/**
 * The internal note box, collapsed to one button until used so the thread
 * keeps the room (two open text areas left ~300 px for it at 800 px).
 */
function NoteForm({ conversationId }: { conversationId: number }) {
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const addNote = useAddNote()
  const { reset } = addNote
  useEffect(() => {
    setText('')
    setOpen(false)
    reset()
  }, [conversationId, reset])
  const submit = (e?: FormEvent) => {
    e?.preventDefault()
    if (!text.trim() || addNote.isPending) return
    addNote.mutate(
      { conversationId, text },
      {
        onSuccess: () => {
          setText('')
          setOpen(false)
        },
      },
    )
  }
  if (!open) {
    return (
      <div className="note-collapsed">
        <button type="button" className="btn btn-note-open" onClick={() => setOpen(true)} data-testid="note-open" title="Write an internal note for your team (n)">
          {text.trim() ? '+ Internal note (draft)' : '+ Internal note'}
        </button>
      </div>
    )
  }
  return (
    <form className="note-form" onSubmit={submit} data-testid="note-form">
      <textarea
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit()
          else if (e.key === 'Escape' && !text.trim()) setOpen(false)
        }}
        placeholder="Add an internal note for your team (never sent to the customer)…"
        aria-label="Internal note"
        rows={2}
        data-testid="note-input"
      />
      <div className="note-form-actions">
        {addNote.isError && (
          <span className="inline-error" role="alert">
            {errorMessage(addNote.error)}
          </span>
        )}
        <button type="button" className="btn" onClick={() => setOpen(false)} data-testid="note-cancel">
          {text.trim() ? 'Hide' : 'Cancel'}
        </button>
        <button type="submit" className="btn btn-note" disabled={!text.trim() || addNote.isPending} data-testid="note-submit">
          {addNote.isPending ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  )
}

/** The list row of a conversation, if a loaded list page has it. */
function useListedSummary(id: number): ConversationDTO | undefined {
  const qc = useQueryClient()
  for (const [, page] of qc.getQueriesData<ConversationPageDTO>({ queryKey: queryKeys.conversations })) {
    const c = page?.items?.find((x) => x.id === id)
    if (c) return c
  }
  return undefined
}

/**
 * Shown at once while a conversation loads (a 1 MB message takes seconds):
 * its header from the list row, so the previous conversation never stays on
 * screen, and a loading state where the messages go.
 */
function ThreadLoading({ id }: { id: number }) {
  const c = useListedSummary(id)
  return (
    <>
      {c && (
        <header className="thread-head">
          <div className="thread-title">
            <NetworkBadge network={c.network} />
            <div className="thread-title-text">
              <h2 className="thread-customer" data-testid="thread-customer">
                <Name text={customerLabel(c)} />
              </h2>
              <div className="thread-meta">
                <span className="meta-item">{networkInfo(c.network).label}</span>
                <span className="meta-item">
                  <Breakable text={c.handleName} />
                </span>
                <span className="meta-item">{c.clientName}</span>
              </div>
            </div>
          </div>
          {c.subject && <div className="thread-subject">{c.subject}</div>}
        </header>
      )}
      <div className="thread-scroll thread-loading" data-testid="thread-loading" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading messages…
      </div>
    </>
  )
}

interface ThreadProps {
  id: number
  /** Scroll to and highlight this message (a search hit). */
  focusMessageId?: number | null
  onOpen?: (id: number) => void
  onCustomer?: (participantId: number) => void
  /** Opens the Data screen to export this conversation. */
  onExport?: (id: number) => void
  /** Bumped to open the move-to-private dialog (keyboard: m). */
  moveRequest?: number
  /** Opens the snooze menu for this conversation (keyboard: s). */
  onSnooze?: () => void
}

export function Thread({ id, focusMessageId, onOpen, onCustomer, onExport, moveRequest, onSnooze }: ThreadProps) {
  const [moveAsk, setMoveAsk] = useState(0)
  const now = useNow()
  const q = useConversation(id)
  const { mutate: markRead } = useMarkRead()
  const marked = useRef<string>('')
  const scrollRef = useRef<HTMLDivElement>(null)
  const detail = q.data
  const omitted = detail?.omittedMessages ?? 0

  // Opening a conversation marks it read (again, if new messages arrive while it is open).
  useEffect(() => {
    if (!detail || detail.conversation.id !== id || detail.conversation.unread <= 0) return
    const key = `${id}:${detail.messages.length}`
    if (marked.current === key) return
    marked.current = key
    markRead(id)
  }, [detail, id, markRead])

  const items = useMemo<Item[]>(() => {
    if (!detail) return []
    const all: Item[] = [
      ...detail.messages.map((m): Item => ({ kind: 'message', at: m.sentAt, m })),
      ...detail.notes.map((n): Item => ({ kind: 'note', at: n.createdAt, n })),
    ]
    // Stable: messages keep their order; a note follows what it was written after.
    return all
      .map((it, i) => ({ it, i }))
      .sort((a, b) => a.it.at - b.it.at || a.i - b.i)
      .map((x) => x.it)
  }, [detail])

  // Start at the newest message when a conversation opens or grows.
  const lastCount = useRef({ id: 0, n: 0 })
  useEffect(() => {
    const el = scrollRef.current
    if (!el || items.length === 0) return
    const hit = focusMessageId ? el.querySelector<HTMLElement>(`[data-testid="message"][data-id="${focusMessageId}"]`) : null
    if (hit && lastCount.current.id !== id) {
      // Opened from a search hit: show that message, not the newest.
      hit.scrollIntoView({ block: 'center' })
    } else if (lastCount.current.id !== id || items.length > lastCount.current.n) el.scrollTop = el.scrollHeight
    lastCount.current = { id, n: items.length }
  }, [id, items.length])

  if (q.isPending) {
    // The same <section> as the loaded thread, so the element stays in place when the messages arrive.
    return (
      <section className="thread" data-testid="thread" data-loading="true" data-id={id} aria-busy="true" aria-label="Loading conversation">
        <ThreadLoading id={id} />
      </section>
    )
  }
  if (q.isError) {
    const err = toApiError(q.error)
    return (
      <section className="thread thread-state" data-testid="thread" role="alert">
        {err.code === 'not_found' ? 'This conversation no longer exists.' : `Could not load this conversation: ${err.message}`}
      </section>
    )
  }

  const c = detail!.conversation
  const net = networkInfo(c.network)
  return (
    <section className="thread" data-testid="thread" data-id={c.id} aria-label={`Conversation with ${customerLabel(c)}`}>
      <header className="thread-head">
        <div className="thread-title">
          <NetworkBadge network={c.network} />
          <div className="thread-title-text">
            <h2 className="thread-customer" data-testid="thread-customer">
              <Name text={customerLabel(c)} />
              {c.customerUser && c.customerUser !== c.customerName && (
                <span className="thread-user">
                  <Breakable text={c.customerUser} />
                </span>
              )}
            </h2>
            <div className="thread-meta">
              <span className="meta-item">{net.label}</span>
              <span className="meta-item">
                <Breakable text={c.handleName} />
              </span>
              <span className="meta-item">
                <Name text={c.clientName} />
              </span>
              <span className="meta-item">{kindLabel(c.kind)}</span>
              <StatusChip status={c.status} />
              <ConversationMood s={c.sentiment} />
              <DeadlineChip d={c.deadline} now={now} detailed />
              <DeadlineHistory key={c.id} conversationId={c.id} now={now} />
              {c.status === 'snoozed' && c.snoozedUntil > 0 && (
                <span className="meta-item" title={formatFull(c.snoozedUntil)}>wakes {formatUntil(c.snoozedUntil, now)}</span>
              )}
            </div>
          </div>
          {onCustomer && (c.customerId ?? 0) > 0 && (
            <button type="button" className="btn" onClick={() => onCustomer(c.customerId ?? 0)} title="This customer on every handle (c)" data-testid="open-customer">
              Customer
            </button>
          )}
          {onExport && (
            <button type="button" className="btn" onClick={() => onExport(c.id)} title="Export this conversation (CSV, JSON or a transcript)" data-testid="thread-export">
              Export…
            </button>
          )}
          <StatusActions c={c} onSnooze={onSnooze} />
        </div>
        {c.subject && (
          <div className="thread-subject" data-testid="thread-subject">
            {c.subject}
          </div>
        )}
        {c.tags.length > 0 && (
          <div className="thread-tags">
            {c.tags.map((t) => (
              <span className="tag" key={t}>
                {t}
              </span>
            ))}
          </div>
        )}
      </header>
      <IrateBanner s={c.sentiment} isPublic={c.kind === 'public'} onMove={() => setMoveAsk((n) => n + 1)} />
      {c.kind === 'public' && <SensitiveBanner id={c.id} onMove={() => setMoveAsk((n) => n + 1)} />}
      <ConversationSurvey conversationId={c.id} clientId={c.clientId} />
      {c.kind === 'public' && <PublicClosePanel c={c} now={now} onOpen={onOpen} />}
      {/* A tab stop of its own, so the keyboard can scroll a thread with no link or button in it (axe: scrollable-region-focusable). */}
      <div className="thread-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Messages">
        {items.length === 0 && <div className="thread-empty">No messages in this conversation yet.</div>}
        {omitted > 0 && (
          <div className="thread-empty" data-testid="thread-omitted">
            {omitted} older message{omitted === 1 ? ' is' : 's are'} not shown here; search finds{' '}
            {omitted === 1 ? 'it' : 'them'}.
          </div>
        )}
        {items.map((it) =>
          it.kind === 'message' ? <Message key={`m${it.m.id}`} m={it.m} now={now} hit={it.m.id === focusMessageId} conversationId={c.id} /> : <Note key={`n${it.n.id}`} n={it.n} now={now} />,
        )}
      </div>
      <footer className="thread-foot">
        <NoteForm conversationId={c.id} />
        <Composer c={c} onOpen={onOpen} moveRequest={(moveRequest ?? 0) + moveAsk} />
      </footer>
    </section>
  )
}

// mustCheck: the back end could not tell whether an attempt reached the
// customer and asked the user to look first. The retry then sends even if
// the network still cannot say, so the button says what it does.
function mustCheck(sendError: string): boolean {
  return /check .*before retrying/i.test(sendError)
}
