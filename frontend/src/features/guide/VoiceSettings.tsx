import './guide.css'
import '../deadlines/deadlines.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import {
  errorMessage,
  getAgentName,
  getSendDelay,
  getVoice,
  HUMOUR_LEVELS,
  resetGuide,
  saveGuide,
  saveVoice,
  setAgentName,
  setSendDelay,
  type SidebarDTO,
  type VoiceDTO,
} from '../../lib/wails'
import { useGuide } from './GuideDialog'
import { Markdown } from './Markdown'
import { CsatSettings } from '../csat/CsatSettings'

interface Props {
  sidebar: SidebarDTO | undefined
  onClose: () => void
}

/** Who is answering, each client's tone of voice, and the workspace's best-practices guide. */
export function VoiceSettings({ sidebar, onClose }: Props) {
  const clients = sidebar?.clients ?? []
  const [clientId, setClientId] = useState<number>(clients[0]?.id ?? 0)
  useEffect(() => {
    if (!clientId && clients[0]) setClientId(clients[0].id)
  }, [clientId, clients])
  const client = clients.find((c) => c.id === clientId)
  return (
    <section className="settings-pane voice-settings voice-pane" data-testid="voice-settings" aria-label="Tone of voice and guide">
      <div className="settings-actions">
        <h1>Tone of voice &amp; guide</h1>
        <span className="row-spacer" />
        <button type="button" onClick={onClose} data-testid="voice-settings-close">
          Back to the inbox
        </button>
      </div>
      <AgentForm />
      <SendDelayForm />
      <h2>Tone of voice</h2>
      <label>
        Client{' '}
        <select value={clientId} onChange={(e) => setClientId(Number(e.target.value))} data-testid="voice-client">
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {client ? <ClientVoice key={client.id} clientId={client.id} clientName={client.name} /> : <p>No clients yet.</p>}
      {client && <CsatSettings key={`csat-${client.id}`} clientId={client.id} clientName={client.name} />}
      <GuideEditor />
    </section>
  )
}

function AgentForm() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.agentName, queryFn: getAgentName })
  const [name, setName] = useState<string | null>(null)
  const save = useMutation({
    mutationFn: (n: string) => setAgentName(n),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: queryKeys.agentName }), qc.invalidateQueries({ queryKey: ['compose'] })]),
  })
  const value = name ?? q.data ?? ''
  return (
    <form
      className="settings-actions"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate(value)
      }}
    >
      <label>
        Your name when answering (the {'{agent}'} variable and your replies’ author; blank: the handle’s own name){' '}
        <input type="text" value={value} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder="e.g. Sam" data-testid="agent-name-input" />
      </label>
      <button type="submit" className="btn" disabled={save.isPending || value === (q.data ?? '')} data-testid="agent-name-save">
        Save name
      </button>
      {save.isSuccess && name === null && <span className="inline-ok">Saved</span>}
      {save.isError && <span className="inline-error">{errorMessage(save.error)}</span>}
    </form>
  )
}

/** The undo-send window: how long a reply waits in the outbox, so it can be pulled back. */
function SendDelayForm() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.sendDelay, queryFn: getSendDelay })
  const save = useMutation({
    mutationFn: (s: number) => setSendDelay(s),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.sendDelay }),
  })
  return (
    <div className="settings-actions">
      <label>
        Undo send: hold each reply for{' '}
        <select
          value={q.data ?? 10}
          disabled={q.isPending}
          onChange={(e) => save.mutate(Number(e.target.value))}
          data-testid="send-delay"
        >
          {SEND_DELAYS.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? 'no delay (send at once)' : `${s} seconds`}
            </option>
          ))}
        </select>{' '}
        before it is sent, so it can be pulled back
      </label>
      {save.isSuccess && <span className="inline-ok">Saved</span>}
      {save.isError && <span className="inline-error">{errorMessage(save.error)}</span>}
    </div>
  )
}

const SEND_DELAYS = [0, 5, 10, 20, 30, 60]

function ClientVoice({ clientId, clientName }: { clientId: number; clientName: string }) {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: queryKeys.voice(clientId), queryFn: () => getVoice(clientId) })
  const [v, setV] = useState<VoiceDTO | null>(null)
  useEffect(() => {
    if (q.data && v === null) setV(q.data)
  }, [q.data, v])
  const save = useMutation({
    mutationFn: (x: VoiceDTO) => saveVoice(clientId, x),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: queryKeys.voice(clientId) }), qc.invalidateQueries({ queryKey: ['compose'] })])
    },
  })
  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!v) return <p className="hint">Loading…</p>
  const set = (patch: Partial<VoiceDTO>) => {
    save.reset()
    setV({ ...v, ...patch })
  }
  return (
    <form
      className="voice-settings"
      data-testid="voice-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (!save.isPending) save.mutate(v)
      }}
    >
      <label>
        How {clientName} sounds (shown beside the composer)
        <textarea value={v.tone} rows={3} onChange={(e) => set({ tone: e.target.value })} placeholder="Warm and brief. First names. No emoji." data-testid="voice-tone" />
      </label>

      <fieldset>
        <legend>Right and wrong examples</legend>
        {v.examples.length > 0 && (
          <div className="voice-pairs">
            <span className="voice-pairs-head">✓ Say</span>
            <span className="voice-pairs-head">✗ Not</span>
            <span />
            {v.examples.map((ex, i) => (
              <ExampleRow
                key={i}
                right={ex.right}
                wrong={ex.wrong}
                onChange={(right, wrong) => set({ examples: v.examples.map((x, j) => (j === i ? { ...x, right, wrong } : x)) })}
                onRemove={() => set({ examples: v.examples.filter((_, j) => j !== i) })}
              />
            ))}
          </div>
        )}
        <div>
          <button type="button" className="btn" onClick={() => set({ examples: [...v.examples, { right: '', wrong: '', note: '' }] })} data-testid="voice-add-example">
            Add an example
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Words and phrases to avoid</legend>
        <p className="hint">Flagged in the composer as you type — whole words, any case. The reply can still be sent.</p>
        <div className="voice-words">
          {v.avoid.map((w, i) => (
            <WordRow
              key={i}
              phrase={w.phrase}
              alternative={w.alternative}
              withAlternative
              onChange={(phrase, alternative) => set({ avoid: v.avoid.map((x, j) => (j === i ? { phrase, alternative } : x)) })}
              onRemove={() => set({ avoid: v.avoid.filter((_, j) => j !== i) })}
              testid="voice-avoid"
            />
          ))}
        </div>
        <div>
          <button type="button" className="btn" onClick={() => set({ avoid: [...v.avoid, { phrase: '', alternative: '' }] })} data-testid="voice-add-avoid">
            Add a word to avoid
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Words and phrases to prefer</legend>
        <div className="voice-words">
          {v.prefer.map((w, i) => (
            <WordRow
              key={i}
              phrase={w.phrase}
              alternative=""
              onChange={(phrase) => set({ prefer: v.prefer.map((x, j) => (j === i ? { phrase, alternative: '' } : x)) })}
              onRemove={() => set({ prefer: v.prefer.filter((_, j) => j !== i) })}
              testid="voice-prefer"
            />
          ))}
        </div>
        <div>
          <button type="button" className="btn" onClick={() => set({ prefer: [...v.prefer, { phrase: '', alternative: '' }] })} data-testid="voice-add-prefer">
            Add a word to prefer
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Humour</legend>
        <div className="segmented" role="group" aria-label="Humour">
          {HUMOUR_LEVELS.map((h) => (
            <button key={h.value} type="button" className="segment" aria-pressed={v.humour === h.value} onClick={() => set({ humour: h.value })} data-testid={`voice-humour-${h.value}`}>
              {h.label}
            </button>
          ))}
        </div>
        <label>
          The rule, in words
          <input type="text" value={v.humourRule} onChange={(e) => set({ humourRule: e.target.value })} placeholder="Light jokes on happy posts only; never on complaints." data-testid="voice-humour-rule" />
        </label>
      </fieldset>

      <fieldset>
        <legend>Sign-off</legend>
        <label>
          Sign-off (may use {'{agent}'}, your name) — also the {'{signoff}'} variable of saved replies
          <input type="text" value={v.signoff} maxLength={80} onChange={(e) => set({ signoff: e.target.value })} placeholder="— {agent}   or   ^SK" data-testid="voice-signoff" />
        </label>
        <label className="toggle">
          <input type="checkbox" checked={v.appendSignoff} onChange={(e) => set({ appendSignoff: e.target.checked })} data-testid="voice-append-signoff" />
          Add it to every reply (once, and only when it fits the network’s length limit)
        </label>
      </fieldset>

      <div className="settings-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="voice-save">
          {save.isPending ? 'Saving…' : `Save ${clientName}’s tone of voice`}
        </button>
        {save.isSuccess && (
          <span className="inline-ok" role="status">
            Saved
          </span>
        )}
        {save.isError && (
          <span className="inline-error" role="alert">
            {errorMessage(save.error)}
          </span>
        )}
      </div>
    </form>
  )
}

function ExampleRow(props: { right: string; wrong: string; onChange: (right: string, wrong: string) => void; onRemove: () => void }) {
  return (
    <>
      <textarea aria-label="Say" rows={2} value={props.right} onChange={(e) => props.onChange(e.target.value, props.wrong)} data-testid="voice-example-right" />
      <textarea aria-label="Not" rows={2} value={props.wrong} onChange={(e) => props.onChange(props.right, e.target.value)} data-testid="voice-example-wrong" />
      <button type="button" className="btn" onClick={props.onRemove} aria-label="Remove this example">
        Remove
      </button>
    </>
  )
}

function WordRow(props: {
  phrase: string
  alternative: string
  withAlternative?: boolean
  onChange: (phrase: string, alternative: string) => void
  onRemove: () => void
  testid: string
}) {
  return (
    <>
      <input type="text" aria-label="Word or phrase" value={props.phrase} onChange={(e) => props.onChange(e.target.value, props.alternative)} data-testid={`${props.testid}-phrase`} />
      {props.withAlternative ? (
        <input
          type="text"
          aria-label="Say instead (optional)"
          placeholder="say instead (optional)"
          value={props.alternative}
          onChange={(e) => props.onChange(props.phrase, e.target.value)}
          data-testid={`${props.testid}-alternative`}
        />
      ) : (
        <span />
      )}
      <button type="button" className="btn" onClick={props.onRemove} aria-label={`Remove ${props.phrase || 'this word'}`}>
        Remove
      </button>
    </>
  )
}

function GuideEditor() {
  const qc = useQueryClient()
  const q = useGuide()
  const [text, setText] = useState<string | null>(null)
  const [confirmReset, setConfirmReset] = useState(false)
  const done = (g: { markdown: string }) => {
    qc.setQueryData(queryKeys.guide, g)
    setText(null)
  }
  // A read of the guide still in flight (the screen's mount refetch) would
  // land after the save or reset and put the old guide back: cancel it first.
  const settle = () => qc.cancelQueries({ queryKey: queryKeys.guide })
  const save = useMutation({ mutationFn: (md: string) => saveGuide(md), onMutate: settle, onSuccess: done })
  const reset = useMutation({
    mutationFn: () => resetGuide(),
    onMutate: settle,
    onSuccess: (g) => {
      done(g)
      setConfirmReset(false)
    },
  })
  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!q.data) return null
  const value = text ?? q.data.markdown
  return (
    <section aria-label="Best-practices guide" data-testid="guide-editor">
      <h2>Best-practices guide {q.data.custom ? '' : <span className="settings-note">(the starter guide)</span>}</h2>
      <p className="hint">
        Markdown: # headings, - lists, *emphasis*, **bold**, [links](https://example.com). HTML is shown as text. Every agent opens it from the composer’s “Guide” button.
      </p>
      <div className="guide-editor">
        <textarea aria-label="Guide (Markdown)" value={value} onChange={(e) => setText(e.target.value)} data-testid="guide-input" />
        <div className="guide-preview" aria-label="Preview" data-testid="guide-preview">
          <Markdown source={value} />
        </div>
      </div>
      <div className="settings-actions">
        <button type="button" className="btn btn-primary" disabled={text === null || save.isPending} onClick={() => save.mutate(value)} data-testid="guide-save">
          {save.isPending ? 'Saving…' : 'Save guide'}
        </button>
        {q.data.custom &&
          (confirmReset ? (
            <>
              <button type="button" className="btn btn-danger" onClick={() => reset.mutate()} disabled={reset.isPending} data-testid="guide-reset-confirm">
                Replace with the starter guide
              </button>
              <button type="button" className="btn" onClick={() => setConfirmReset(false)}>
                Keep mine
              </button>
            </>
          ) : (
            <button type="button" className="btn" onClick={() => setConfirmReset(true)} data-testid="guide-reset">
              Reset to the starter guide…
            </button>
          ))}
        {(save.isError || reset.isError) && (
          <span className="inline-error" role="alert">
            {errorMessage(save.error ?? reset.error)}
          </span>
        )}
      </div>
    </section>
  )
}
