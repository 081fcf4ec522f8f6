import './csat.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { errorMessage } from '../../lib/wails'
import { csatKeys } from './CsatBadge'
import { getCSATChannels, getCSATSettings, saveCSATSettings, type CSATChannelDTO, type CSATSettingsDTO } from '../../lib/wails/csat'

const KINDS = [
  { value: 'private', label: 'Direct messages' },
  { value: 'public', label: 'Public threads' },
  { value: 'email', label: 'E-mail' },
]

const key = csatKeys.settings

/** A client's satisfaction survey: on/off, the question, scale, when to ask, channels. */
export function CsatSettings({ clientId, clientName }: { clientId: number; clientName: string }) {
  const q = useQuery({ queryKey: key(clientId), queryFn: () => getCSATSettings(clientId), retry: false })
  const channels = useQuery({ queryKey: ['csat-channels'], queryFn: getCSATChannels, retry: false, staleTime: Infinity })
  if (q.isError) return <p role="alert">Could not load the survey settings: {errorMessage(q.error)}</p>
  if (!q.data) return <p>Loading the survey settings…</p>
  return <CsatForm key={clientId} clientId={clientId} clientName={clientName} initial={q.data} channels={channels.data ?? []} />
}

interface FormProps {
  clientId: number
  clientName: string
  initial: CSATSettingsDTO
  channels: CSATChannelDTO[]
}

export function CsatForm({ clientId, clientName, initial, channels }: FormProps) {
  const qc = useQueryClient()
  const [s, setS] = useState<CSATSettingsDTO>(initial)
  const save = useMutation({
    mutationFn: (v: CSATSettingsDTO) => saveCSATSettings(clientId, v),
    onSuccess: (saved) => {
      setS(saved)
      qc.setQueryData(key(clientId), saved)
    },
  })
  const set = (patch: Partial<CSATSettingsDTO>) => setS((prev) => ({ ...prev, ...patch }))
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
  const noDM = channels.filter((c) => !c.canDM)
  return (
    <form
      className="csat-settings"
      data-testid="csat-settings"
      aria-label={`Satisfaction survey of ${clientName}`}
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate(s)
      }}
    >
      <h2>Satisfaction survey</h2>
      <label>
        <input type="checkbox" checked={s.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="csat-enabled" /> Ask{' '}
        {clientName}’s customers how we did, on the channel they used
      </label>
      <label>
        The question, in the client’s words
        <textarea value={s.question} maxLength={500} rows={2} onChange={(e) => set({ question: e.target.value })} data-testid="csat-question" />
      </label>
      <label>
        Scale{' '}
        <select value={s.scale} onChange={(e) => set({ scale: e.target.value })} data-testid="csat-scale">
          <option value="1-5">1–5</option>
          <option value="thumbs">👍 / 👎</option>
        </select>
      </label>
      <label>
        When to ask{' '}
        <select value={s.trigger} onChange={(e) => set({ trigger: e.target.value })} data-testid="csat-trigger">
          <option value="resolve">When the conversation is resolved</option>
          <option value="delay">A while after it is resolved</option>
          <option value="button">Only with the “Ask for a rating” button</option>
        </select>
      </label>
      {s.trigger === 'delay' && (
        <label>
          Minutes after resolving{' '}
          <input
            type="number"
            min={1}
            value={s.delayMinutes}
            onChange={(e) => set({ delayMinutes: Number(e.target.value) })}
            data-testid="csat-delay"
          />
        </label>
      )}
      <fieldset>
        <legend>Channels (none ticked: all)</legend>
        {channels.map((c) => (
          <label key={c.network} title={c.note}>
            <input
              type="checkbox"
              checked={s.networks.includes(c.network)}
              onChange={() => set({ networks: toggle(s.networks, c.network) })}
              data-testid={`csat-network-${c.network}`}
            />{' '}
            {c.network}
            {c.note && <span className="hint"> — {c.note}</span>}
          </label>
        ))}
        {KINDS.map((k) => (
          <label key={k.value}>
            <input
              type="checkbox"
              checked={s.kinds.includes(k.value)}
              onChange={() => set({ kinds: toggle(s.kinds, k.value) })}
              data-testid={`csat-kind-${k.value}`}
            />{' '}
            {k.label}
          </label>
        ))}
      </fieldset>
      <label>
        In public threads{' '}
        <select value={s.publicMode} onChange={(e) => set({ publicMode: e.target.value })} data-testid="csat-public-mode">
          <option value="reply">Reply in public inviting a rating</option>
          <option value="dm">Send the customer a direct message</option>
          <option value="skip">Do not ask</option>
        </select>
      </label>
      {s.publicMode === 'dm' && noDM.length > 0 && (
        <p className="hint" role="note" data-testid="csat-no-dm">
          {noDM.map((c) => c.network).join(', ')} cannot send a direct message: those public threads are not surveyed.
        </p>
      )}
      <label>
        Do not ask a customer asked in the last{' '}
        <input
          type="number"
          min={0}
          max={365}
          value={s.quietDays}
          onChange={(e) => set({ quietDays: Number(e.target.value) })}
          data-testid="csat-quiet-days"
        />{' '}
        days
      </label>
      <p className="hint">
        A customer answering “stop” or “unsubscribe” is never asked again. Facebook and Instagram DMs are only asked within 24 hours of
        the customer’s last message; a survey that cannot go out says why on the conversation.
      </p>
      <button type="submit" className="btn" disabled={save.isPending} data-testid="csat-save">
        Save survey
      </button>
      {save.isSuccess && <span data-testid="csat-saved"> Saved.</span>}
      {save.isError && (
        <span role="alert" data-testid="csat-error">
          {' '}
          {errorMessage(save.error)}
        </span>
      )}
    </form>
  )
}
