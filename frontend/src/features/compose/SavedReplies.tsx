import './compose.css'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { expandVariables, type ReplyVars } from '../../lib/composer'
import { REPLY_VARIABLES, replyFormError, scopeLabel, unknownVariables } from '../../lib/savedReplies'
import { queryKeys } from '../../lib/queryKeys'
import { deleteReply, errorMessage, saveReply, setTone, type SavedReplyDTO } from '../../lib/wails'

interface Props {
  /** The open conversation's client: its own replies and tone are edited here. */
  clientId: number
  clientName: string
  /** The conversation whose composer context (replies, tone) is refreshed after a change. */
  conversationId: number
  replies: SavedReplyDTO[]
  tone: string
  /** The variables as they would be filled for this conversation (preview). */
  vars: ReplyVars
  /** Puts a saved reply (already expanded) into the composer and closes. */
  onInsert: (text: string) => void
  onClose: () => void
}

interface Editing {
  id: number
  title: string
  body: string
  clientId: number
}

/**
 * Create, edit and delete saved replies (for every client, or only the open
 * conversation's client) and edit that client's tone-of-voice notes.
 * Everything typed here is shown as text, never as markup.
 */
export function SavedRepliesDialog({ clientId, clientName, conversationId, replies, tone, vars, onInsert, onClose }: Props) {
  const qc = useQueryClient()
  const [editing, setEditing] = useState<Editing | null>(null)
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null)
  const [toneText, setToneText] = useState(tone)
  const [toneSaved, setToneSaved] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  // A modal has the keys: Escape closes it wherever the focus is, and no inbox
  // shortcut ("e" resolve, "j" next…) reaches the conversation behind it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        close.current()
      } else if (!box.current?.contains(e.target as Node)) {
        e.stopPropagation()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.compose(conversationId) })

  const save = useMutation({
    mutationFn: (e: Editing) => saveReply({ id: e.id, clientId: e.clientId, title: e.title.trim(), body: e.body.trim() }),
    onSuccess: async () => {
      await refresh()
      setEditing(null)
    },
  })
  const remove = useMutation({
    mutationFn: (id: number) => deleteReply(id),
    onSuccess: async (_, id) => {
      await refresh()
      setConfirmDelete(null)
      if (editing?.id === id) setEditing(null)
    },
  })
  const saveTone = useMutation({
    mutationFn: (notes: string) => setTone(clientId, notes),
    onSuccess: async () => {
      await refresh()
      setToneSaved(true)
    },
  })

  const formError = editing ? replyFormError(editing.title, editing.body, replies, editing.id) : null
  const typos = editing ? unknownVariables(editing.body) : []
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (editing && !formError && !save.isPending) save.mutate(editing)
  }
  const startNew = () => {
    save.reset()
    setEditing({ id: 0, title: '', body: '', clientId })
  }

  return (
    <div className="dialog-backdrop" role="presentation" onClick={() => !editing && onClose()}>
      <div
        className="dialog dialog-wide saved-replies"
        role="dialog"
        aria-modal="true"
        aria-labelledby="saved-replies-title"
        data-testid="saved-replies-dialog"
        ref={box}
        onClick={(e) => e.stopPropagation()}
        // Keys typed in the dialog stay in it: no inbox shortcut fires behind it.
        onKeyDown={(e) => e.stopPropagation()}
      >
        <h3 id="saved-replies-title">Saved replies</h3>
        <button type="button" className="btn dialog-close" onClick={onClose} aria-label="Close" data-testid="saved-replies-close">
          ×
        </button>
        <p className="hint saved-replies-vars" data-testid="saved-replies-variables">
          Variables are filled in when you insert a reply:{' '}
          {REPLY_VARIABLES.map((v, i) => (
            <span key={v.name}>
              {i > 0 && '; '}
              <code>{`{${v.name}}`}</code> — {v.help} (here: “{vars[v.name]}”)
            </span>
          ))}
          .
        </p>

        {replies.length === 0 && !editing && (
          <p className="hint" data-testid="saved-replies-empty">
            No saved replies yet for {clientName}. Add the answers you give again and again.
          </p>
        )}
        <ul className="saved-replies-list" data-testid="saved-replies-list">
          {replies.map((r) => (
            <li key={r.id} className="saved-reply" data-testid="saved-reply" data-id={r.id}>
              <div className="saved-reply-head">
                <strong className="saved-reply-title">{r.title}</strong>
                <span className="saved-reply-scope">{scopeLabel(r.clientId, clientName)}</span>
                <span className="saved-reply-actions">
                  <button type="button" className="btn" onClick={() => onInsert(expandVariables(r.body, vars))} data-testid="saved-reply-insert">
                    Insert
                  </button>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => {
                      save.reset()
                      setEditing({ id: r.id, title: r.title, body: r.body, clientId: r.clientId })
                    }}
                    data-testid="saved-reply-edit"
                  >
                    Edit
                  </button>
                  {confirmDelete === r.id ? (
                    <>
                      <button type="button" className="btn btn-danger" onClick={() => remove.mutate(r.id)} disabled={remove.isPending} data-testid="saved-reply-delete-confirm">
                        {remove.isPending ? 'Deleting…' : 'Delete for good'}
                      </button>
                      <button type="button" className="btn" onClick={() => setConfirmDelete(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" className="btn" onClick={() => setConfirmDelete(r.id)} data-testid="saved-reply-delete">
                      Delete
                    </button>
                  )}
                </span>
              </div>
              <div className="saved-reply-body">{r.body}</div>
            </li>
          ))}
        </ul>
        {remove.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(remove.error)}
          </p>
        )}

        {editing ? (
          <form className="saved-reply-form" onSubmit={submit} data-testid="saved-reply-form" aria-label={editing.id ? 'Edit saved reply' : 'New saved reply'}>
            <h4>{editing.id ? `Edit “${replies.find((r) => r.id === editing.id)?.title ?? editing.title}”` : 'New saved reply'}</h4>
            <label>
              Name (shown in the composer’s list)
              <input
                type="text"
                value={editing.title}
                onChange={(e) => setEditing({ ...editing, title: e.target.value })}
                autoFocus
                maxLength={120}
                data-testid="saved-reply-title-input"
              />
            </label>
            <label>
              Text
              <textarea
                value={editing.body}
                onChange={(e) => setEditing({ ...editing, body: e.target.value })}
                rows={4}
                placeholder="Hi {customer_name}, thanks for writing to {handle}. — {agent}"
                data-testid="saved-reply-body-input"
              />
            </label>
            <label>
              Offered for
              <select value={editing.clientId === 0 ? 0 : clientId} onChange={(e) => setEditing({ ...editing, clientId: Number(e.target.value) })} data-testid="saved-reply-scope">
                <option value={clientId}>{scopeLabel(clientId, clientName)}</option>
                <option value={0}>{scopeLabel(0, clientName)}</option>
              </select>
            </label>
            {typos.length > 0 && (
              <p className="inline-warn" data-testid="saved-reply-typos">
                Not a variable, will be sent as typed: {typos.join(', ')}
              </p>
            )}
            {editing.body.trim() && (
              <div className="saved-reply-preview" data-testid="saved-reply-preview">
                <span className="hint">Preview for this conversation:</span>
                <div className="saved-reply-body">{expandVariables(editing.body.trim(), vars)}</div>
              </div>
            )}
            {save.isError && (
              <p className="inline-error" role="alert">
                {errorMessage(save.error)}
              </p>
            )}
            <div className="dialog-actions">
              <button type="submit" className="btn btn-primary" disabled={!!formError || save.isPending} title={formError ?? undefined} data-testid="saved-reply-save">
                {save.isPending ? 'Saving…' : editing.id ? 'Save changes' : 'Add saved reply'}
              </button>
              <button type="button" className="btn" onClick={() => setEditing(null)}>
                Cancel
              </button>
              {formError && (editing.title || editing.body) && <span className="hint">{formError}</span>}
            </div>
          </form>
        ) : (
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={startNew} data-testid="saved-reply-new">
              New saved reply…
            </button>
          </div>
        )}

        <form
          className="saved-replies-tone"
          onSubmit={(e) => {
            e.preventDefault()
            if (!saveTone.isPending) saveTone.mutate(toneText)
          }}
        >
          <label>
            {clientName} — tone of voice (shown beside the composer; leave empty to remove)
            <textarea
              value={toneText}
              onChange={(e) => {
                setToneText(e.target.value)
                setToneSaved(false)
              }}
              rows={3}
              placeholder="Warm and brief. First names. No emoji. Sign with your first name."
              data-testid="tone-input"
            />
          </label>
          <div className="dialog-actions">
            <button type="submit" className="btn" disabled={saveTone.isPending || toneText.trim() === tone.trim()} data-testid="tone-save">
              {saveTone.isPending ? 'Saving…' : 'Save tone of voice'}
            </button>
            {toneSaved && (
              <span className="inline-ok" role="status">
                Saved
              </span>
            )}
            {saveTone.isError && (
              <span className="inline-error" role="alert">
                {errorMessage(saveTone.error)}
              </span>
            )}
          </div>
        </form>
      </div>
    </div>
  )
}
