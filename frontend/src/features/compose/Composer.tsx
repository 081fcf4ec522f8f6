import './compose.css'
import { useEffect, useRef, useState } from 'react'
import { expandVariables, firstName, limitState, MOVE_TO_PRIVATE_NOTE } from '../../lib/composer'
import { networkInfo } from '../../lib/networks'
import { useNow } from '../../lib/now'
import { replyWindow } from '../../lib/replyWindow'
import { useComposeContext, useMoveToPrivate, useSendReply } from '../../lib/triageQueries'
import { checkSensitive, errorMessage, saveDraft, type ConversationDTO, type FindingDTO } from '../../lib/wails'
import { SavedRepliesDialog } from './SavedReplies'
import { AvoidedWords, SignoffNote, useAvoidedWords, VoiceAside } from './Voice'
import { GuideDialog } from '../guide/GuideDialog'
import { withSignoff } from '../../lib/voice'
import { formatFull } from '../../lib/time'
import { RESTORE_REPLY_EVENT } from '../../lib/restoreReply'
import type { UndoneReplyDTO } from '../../lib/wails'

type Visibility = 'public' | 'private'

interface Props {
  c: ConversationDTO
  /** Opens another conversation (the private one after a move). */
  onOpen?: (id: number) => void
  /** Asks the composer to open the move-to-private dialog (from the thread's warning). */
  moveRequest?: number
}

/** Where a reply goes, in words. */
function channelText(c: ConversationDTO, v: Visibility): string {
  const net = networkInfo(c.network).label
  if (c.kind === 'email') return `E-mail reply from ${c.handleName}`
  if (v === 'public') return `Public reply on ${net} as ${c.handleName} — everyone can see it`
  return `Private message on ${net} from ${c.handleName}`
}

export function Composer({ c, onOpen, moveRequest }: Props) {
  const ctx = useComposeContext(c.id)
  const [text, setText] = useState('')
  const [visibility, setVisibility] = useState<Visibility>(c.kind === 'public' ? 'public' : 'private')
  const [warning, setWarning] = useState<FindingDTO[] | null>(null)
  const [moving, setMoving] = useState(false)
  const [managing, setManaging] = useState(false)
  const [guide, setGuide] = useState(false)
  const loaded = useRef(false)
  const input = useRef<HTMLTextAreaElement>(null)
  const send = useSendReply()
  // The reply is counted as it will go out: with the client's sign-off when
  // the back end will add it (backend/voice Sign, mirrored by lib/voice).
  const to = { visibility, customerUser: c.customerUser }
  const signed = withSignoff(text, ctx.data?.signoff ?? '', !!ctx.data?.appendSignoff, c.network, to)
  const lim = limitState(signed.text, c.network, to)
  const avoided = useAvoidedWords(c.clientId, text, (ctx.data?.voice?.avoid?.length ?? 0) > 0)
  // Meta's Messenger / Instagram windows: said before sending, and a send
  // the platform would refuse is blocked here with the reason.
  const now = useNow()
  const win = replyWindow(c, now)
  const blocked = win.blocked && visibility === 'private'

  // The draft arrives once; after that the textarea is the source of truth.
  useEffect(() => {
    if (loaded.current || !ctx.data) return
    loaded.current = true
    if (ctx.data.draft) {
      setText(ctx.data.draft.text)
      if (c.kind === 'public' && ctx.data.draft.visibility === 'private') setVisibility('private')
    }
  }, [ctx.data, c.kind])

  // Keep the draft (debounced) so it survives switching and restarts.
  useEffect(() => {
    if (!loaded.current) return
    const t = window.setTimeout(() => void saveDraft(c.id, text, visibility).catch(() => {}), 400)
    return () => window.clearTimeout(t)
  }, [c.id, text, visibility])

  // A reply pulled back by Undo comes back here, before anything typed since.
  useEffect(() => {
    const onRestore = (e: Event) => {
      const r = (e as CustomEvent<UndoneReplyDTO>).detail
      if (r.conversationId !== c.id) return
      e.preventDefault()
      loaded.current = true
      setText((t) => (t.trim() ? `${r.text}\n\n${t}` : r.text))
      if (c.kind === 'public' && (r.visibility === 'public' || r.visibility === 'private')) setVisibility(r.visibility)
      input.current?.focus()
    }
    window.addEventListener(RESTORE_REPLY_EVENT, onRestore)
    return () => window.removeEventListener(RESTORE_REPLY_EVENT, onRestore)
  }, [c.id, c.kind])

  // Only a request made while this conversation is open counts.
  const firstRequest = useRef(moveRequest)
  useEffect(() => {
    if (moveRequest && moveRequest !== firstRequest.current) setMoving(true)
  }, [moveRequest])

  const vars = {
    customer_name: firstName(c.customerName, c.customerUser),
    handle: c.handleName,
    agent: ctx.data?.agent || 'the team',
    signoff: ctx.data?.signoff ?? '',
  }

  const doSend = () => {
    send.mutate(
      { id: c.id, text, visibility },
      {
        onSuccess: () => {
          setText('')
          setWarning(null)
          void saveDraft(c.id, '', visibility).catch(() => {})
        },
      },
    )
  }

  const insert = (body: string) => {
    setText((t) => (t ? t + ' ' : '') + body)
    input.current?.focus()
  }

  const submit = async () => {
    // The window is checked against the current time, not the last minute tick.
    if (!text.trim() || lim.over || send.isPending || replyWindow(c, Date.now()).blocked) return
    if (visibility === 'public') {
      const found = await checkSensitive(text).catch(() => [] as FindingDTO[])
      if (found.length > 0) {
        setWarning(found)
        return
      }
    }
    doSend()
  }

  return (
    <div className="composer" data-testid="composer" data-visibility={visibility}>
      <div className="composer-head">
        <span className={`composer-channel composer-${visibility}`} data-testid="composer-channel">
          {channelText(c, visibility)}
        </span>
        {c.kind === 'public' && (
          <div className="segmented" role="group" aria-label="Reply visibility">
            {(['public', 'private'] as const).map((v) => (
              <button key={v} type="button" className="segment" aria-pressed={visibility === v} onClick={() => setVisibility(v)} data-testid={`visibility-${v}`}>
                {v === 'public' ? 'Public reply' : 'Private message'}
              </button>
            ))}
          </div>
        )}
        {c.kind === 'public' && (
          <button type="button" className="btn" onClick={() => setMoving(true)} data-testid="move-to-private" title="Close the public thread with a short note and continue privately (m)">
            Move to private…
          </button>
        )}
      </div>
      {win.state !== 'none' && visibility === 'private' && (
        <div
          className={`reply-window reply-window-${win.state}`}
          role={win.blocked ? 'alert' : 'status'}
          data-testid="reply-window"
          data-state={win.state}
          title={win.until ? `Until ${formatFull(win.until)}` : undefined}
        >
          {win.message}
        </div>
      )}
      <div className="composer-body">
        <div className="composer-main">
          <textarea
            ref={input}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault()
                void submit()
              } else if (e.key === 'Escape') e.currentTarget.blur()
            }}
            placeholder={`Write a ${visibility === 'public' ? 'public reply' : 'private message'} to ${vars.customer_name}…  (Ctrl+Enter sends)`}
            aria-label="Reply"
            rows={3}
            data-testid="composer-input"
          />
          <AvoidedWords hits={avoided} clientName={c.clientName} />
          <SignoffNote state={signed.state} signoff={ctx.data?.signoff ?? ''} limit={lim.limit} />
          <div className="composer-foot">
            {ctx.data && ctx.data.replies.length > 0 && (
              <select
                aria-label="Insert a saved reply"
                value=""
                onChange={(e) => {
                  const r = ctx.data?.replies.find((x) => String(x.id) === e.target.value)
                  if (r) insert(expandVariables(r.body, vars))
                }}
                data-testid="saved-replies"
              >
                <option value="">Saved replies…</option>
                {ctx.data.replies.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            )}
            <button
              type="button"
              className="btn"
              disabled={!ctx.data}
              onClick={() => setManaging(true)}
              data-testid="saved-replies-manage"
              title={`Add, edit or delete saved replies and ${c.clientName}'s tone of voice`}
            >
              {ctx.data && ctx.data.replies.length > 0 ? 'Edit saved replies…' : 'Saved replies…'}
            </button>
            <button type="button" className="btn" onClick={() => setGuide(true)} data-testid="open-guide" title="The workspace's best-practices guide">
              Guide
            </button>
            <span
              className={`composer-count${lim.over ? ' count-over' : lim.near ? ' count-near' : ''}`}
              data-testid="composer-count"
              title={lim.limit == null ? 'No length limit on this channel' : `${networkInfo(c.network).label} allows ${lim.limit} characters in ${visibility === 'private' ? 'a private message' : 'a public reply'}`}
            >
              {lim.limit == null ? `${lim.count}` : `${lim.count} / ${lim.limit}`}
            </span>
            {send.isError && (
              <span className="inline-error" role="alert">
                {errorMessage(send.error)}
              </span>
            )}
            <button
              type="button"
              className="btn btn-primary"
              disabled={!text.trim() || lim.over || send.isPending || blocked}
              onClick={() => void submit()}
              title={blocked ? win.message : undefined}
              data-testid="composer-send"
            >
              {send.isPending ? 'Queueing…' : visibility === 'public' ? 'Send publicly' : 'Send privately'}
            </button>
          </div>
        </div>
        {ctx.data && <VoiceAside clientName={c.clientName} tone={ctx.data.tone} voice={ctx.data.voice} />}
      </div>
      {warning && (
        <div className="dialog-backdrop">
          <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="sensitive-title" data-testid="sensitive-warning">
            <h3 id="sensitive-title">This public reply contains personal data</h3>
            <ul>
              {warning.map((f, i) => (
                <li key={i}>
                  {f.label}: <code>{f.masked}</code>
                </li>
              ))}
            </ul>
            <p>Everyone can read a public reply. Continue in a private message instead?</p>
            <div className="dialog-actions">
              <button
                type="button"
                className="btn btn-primary"
                autoFocus
                onClick={() => {
                  setWarning(null)
                  setMoving(true)
                }}
                data-testid="sensitive-move"
              >
                Move to private message
              </button>
              <button type="button" className="btn" onClick={() => setWarning(null)} data-testid="sensitive-edit">
                Edit reply
              </button>
              <button type="button" className="btn btn-danger" onClick={doSend} data-testid="sensitive-send-anyway">
                Send publicly anyway
              </button>
            </div>
          </div>
        </div>
      )}
      {managing && ctx.data && (
        <SavedRepliesDialog
          clientId={c.clientId}
          clientName={c.clientName}
          conversationId={c.id}
          replies={ctx.data.replies}
          tone={ctx.data.tone}
          vars={vars}
          onInsert={(body) => {
            setManaging(false)
            insert(body)
          }}
          onClose={() => {
            setManaging(false)
            input.current?.focus()
          }}
        />
      )}
      {guide && (
        <GuideDialog
          onClose={() => {
            setGuide(false)
            input.current?.focus()
          }}
        />
      )}
      {moving && (
        <MoveDialog
          c={c}
          initial={text}
          onClose={() => setMoving(false)}
          onMoved={(id) => {
            setMoving(false)
            setText('')
            onOpen?.(id)
          }}
        />
      )}
    </div>
  )
}

function MoveDialog({ c, initial, onClose, onMoved }: { c: ConversationDTO; initial: string; onClose: () => void; onMoved: (id: number) => void }) {
  const [note, setNote] = useState(MOVE_TO_PRIVATE_NOTE)
  const [priv, setPriv] = useState(initial)
  const move = useMoveToPrivate()
  const lim = limitState(note, c.network)
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="move-title"
        data-testid="move-dialog"
        onSubmit={(e) => {
          e.preventDefault()
          move.mutate({ id: c.id, publicNote: note, privateText: priv }, { onSuccess: (r) => onMoved(r.privateConversationId) })
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose()
        }}
      >
        <h3 id="move-title">Continue in a private message</h3>
        <label>
          Public note that closes the thread (optional)
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="move-public-note" />
        </label>
        <span className={`composer-count${lim.over ? ' count-over' : ''}`}>{lim.limit == null ? lim.count : `${lim.count} / ${lim.limit}`}</span>
        <label>
          First private message to {c.customerName || c.customerUser}
          <textarea value={priv} onChange={(e) => setPriv(e.target.value)} rows={3} autoFocus data-testid="move-private-text" />
        </label>
        {move.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(move.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="btn btn-primary" disabled={!priv.trim() || lim.over || move.isPending} data-testid="move-confirm">
            {move.isPending ? 'Moving…' : 'Post note and message privately'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  )
}
