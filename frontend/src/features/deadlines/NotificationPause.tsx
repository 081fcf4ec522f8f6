import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { errorMessage } from '../../lib/wails'
import { formatClock, formatFull } from '../../lib/time'
import { notificationPause, onNotificationPause, pauseNotifications, resumeNotifications } from '../../lib/wails/notifications'

const pauseKey = ['notificationPause'] as const

/** "Pause notifications for 1 h", or until when they are paused with a Resume button. */
export function NotificationPause({ now = Date.now }: { now?: () => number }) {
  const qc = useQueryClient()
  // Refetched when the pause would end, so the switch flips back by itself;
  // a change of health is pushed (onNotificationPause).
  const q = useQuery({
    queryKey: pauseKey,
    queryFn: notificationPause,
    refetchInterval: (query) => {
      const until = query.state.data?.pausedUntil ?? 0
      return until > 0 ? Math.max(1000, until - now()) : false
    },
  })
  // The tray's menu pauses and resumes too: follow it.
  useEffect(() => onNotificationPause((d) => qc.setQueryData(pauseKey, d)), [qc])
  const m = useMutation({
    mutationFn: (pause: boolean) => (pause ? pauseNotifications(60) : resumeNotifications()),
    onSuccess: (d) => qc.setQueryData(pauseKey, d),
  })
  const until = q.data?.pausedUntil ?? 0
  const paused = until > now()
  return (
    <div className="notify-pause" data-testid="notify-pause">
      {paused ? (
        <>
          <span className="notify-pause-state">
            Notifications paused until{' '}
            <time title={formatFull(until)}>{formatClock(until, now())}</time>
          </span>
          <button type="button" className="link-button" onClick={() => m.mutate(false)} disabled={m.isPending}>
            Resume
          </button>
        </>
      ) : (
        <button
          type="button"
          className="link-button"
          onClick={() => m.mutate(true)}
          disabled={m.isPending || q.isError}
          title="Deadline notifications that fall due meanwhile are shown as one summary afterwards"
        >
          Pause notifications for 1 h
        </button>
      )}
      {q.data?.failing && (
        <p
          className="notify-failing"
          role="status"
          data-testid="notify-failing"
          title={[q.data.since > 0 ? `Failing since ${formatFull(q.data.since)}` : '', q.data.failure].filter(Boolean).join('\n') || undefined}
        >
          Desktop notifications are not showing: no notification service answered. Care Inbox tries again
          {q.data.retryAt > 0 ? (
            <>
              {' '}
              at <time title={formatFull(q.data.retryAt)}>{formatClock(q.data.retryAt, now())}</time>
            </>
          ) : (
            ' soon'
          )}
          ; meanwhile, watch Due soon.
        </p>
      )}
      {m.isError && (
        <span className="notify-pause-error" role="alert">
          {errorMessage(m.error)}
        </span>
      )}
    </div>
  )
}
