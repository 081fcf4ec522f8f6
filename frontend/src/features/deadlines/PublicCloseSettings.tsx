import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, publicCloseSettings, setPublicCloseSettings, type PublicCloseSettingsDTO } from '../../lib/wails'

/**
 * A client's public close (issue 12): the closing reply suggested once the
 * private side of a thread taken private is resolved, and its optional
 * deadline (hours after that; 0 is off).
 */
export function PublicCloseSettings({ clientId, onDraft }: { clientId: number; onDraft?: (d: PublicCloseSettingsDTO | null) => void }) {
  const q = useQuery({ queryKey: queryKeys.publicCloseSettings(clientId), queryFn: () => publicCloseSettings(clientId) })
  if (q.isError) return <p className="settings-error">{errorMessage(q.error)}</p>
  if (!q.data) return null
  return <Form key={clientId} clientId={clientId} saved={q.data} onDraft={onDraft} />
}

/**
 * With onDraft the form has no Save of its own: it reports its unsaved
 * values (null when unchanged) and the screen's one Save stores them.
 */
function Form({ clientId, saved, onDraft }: { clientId: number; saved: PublicCloseSettingsDTO; onDraft?: (d: PublicCloseSettingsDTO | null) => void }) {
  const qc = useQueryClient()
  const [reply, setReply] = useState(saved.reply)
  const [hours, setHours] = useState(saved.dueHours)
  const save = useMutation({
    mutationFn: () => setPublicCloseSettings(clientId, { reply, dueHours: hours }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.publicCloseSettings(clientId) }),
  })
  const dirty = reply !== saved.reply || hours !== saved.dueHours
  useEffect(() => onDraft?.(dirty ? { reply, dueHours: hours } : null), [dirty, reply, hours, onDraft])
  return (
    <section data-testid="public-close-settings" className="settings-card public-close-card" aria-labelledby="public-close-title">
      <h2 id="public-close-title">Public close</h2>
      <p>When a public thread was taken private or handled offline and that side is resolved, the thread asks for this closing reply in public.</p>
      <label>
        Closing reply
        <textarea value={reply} onChange={(e) => setReply(e.target.value)} rows={2} data-testid="public-close-reply" />
      </label>
      <label>
        Deadline (hours after the private side resolved; 0 = off)
        <input type="number" min={0} max={744} value={hours} onChange={(e) => setHours(Math.max(0, Number(e.target.value) || 0))} data-testid="public-close-hours" />
      </label>
      {!onDraft && (
      <button type="button" className="btn btn-primary" disabled={!dirty || !reply.trim() || save.isPending} onClick={() => save.mutate()} data-testid="public-close-save">
        Save
      </button>
      )}
      {save.isError && (
        <span className="inline-error" role="alert">
          {errorMessage(save.error)}
        </span>
      )}
    </section>
  )
}
