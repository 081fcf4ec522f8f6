import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage } from '../../lib/wails'
import { deadlineSettings, deletePolicy, savePolicy, type PolicyDTO } from '../../lib/wails/deadlines'

/** The policy kind of conversations started from Listening (backend/deadline KindProactive). */
export const PROACTIVE = 'proactive'

/** A proactive policy answering within hours (business hours), internal target the same, no resolution target. */
export function proactivePolicy(hours: number): PolicyDTO {
  const t = { internalMin: hours * 60, publishedMin: hours * 60, businessHours: true, warnLeadMin: 0, warnShare: 0 }
  return { firstResponse: t, nextResponse: t, resolution: { internalMin: 0, publishedMin: 0, businessHours: true, warnLeadMin: 0, warnShare: 0 } }
}

/**
 * Whether a reply started from Listening gets a deadline: the client's
 * policy for proactive replies, off (no deadline) unless switched on here.
 */
export function ProactivePolicy({ clientId }: { clientId: number }) {
  const qc = useQueryClient()
  const settings = useQuery({ queryKey: queryKeys.deadlineSettings(clientId), queryFn: () => deadlineSettings(clientId), enabled: clientId !== 0 })
  const own = settings.data?.narrowed.find((n) => n.handleId === 0 && n.kind === PROACTIVE)
  const [hours, setHours] = useState(0)
  const shownHours = hours || (own ? Math.max(1, Math.round(own.policy.firstResponse.publishedMin / 60)) : 4)
  const change = useMutation({
    mutationFn: (on: boolean) => (on ? savePolicy(clientId, 0, PROACTIVE, proactivePolicy(shownHours)) : deletePolicy(clientId, 0, PROACTIVE)),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.deadlineSettings(clientId) }),
  })
  if (!settings.data) return null
  return (
    <div className="listen-proactive" data-testid="listen-proactive">
      <label>
        <input type="checkbox" checked={!!own} disabled={change.isPending} onChange={(e) => change.mutate(e.target.checked)} data-testid="listen-proactive-on" />{' '}
        Replies started here get a deadline: answer within
      </label>{' '}
      <input
        type="number"
        min={1}
        max={168}
        value={shownHours}
        onChange={(e) => setHours(Math.min(168, Math.max(1, Number(e.target.value) || 1)))}
        onBlur={() => own && change.mutate(true)}
        aria-label="Hours to answer a proactive reply"
        size={3}
      />{' '}
      business hours{!own && <span className="listen-muted"> (off: they wait in the queue without a deadline)</span>}
      {change.isError && <span className="listen-error"> {errorMessage(change.error)}</span>}
    </div>
  )
}
