import { useQuery } from '@tanstack/react-query'
import { queryKeys } from '../../lib/queryKeys'
import { restoreStatus } from '../../lib/wails/data'

/**
 * After a start that applied a restore: says so, and names the handles whose
 * sign-in is missing from this computer's keychain (a backup never holds
 * passwords or tokens), until each is signed in again.
 */
export function RestoreBanner({ onOpen }: { onOpen: () => void }) {
  const q = useQuery({ queryKey: queryKeys.restoreStatus, queryFn: restoreStatus, retry: false })
  const s = q.data
  if (!s?.restored) return null
  return (
    <div className="banner banner-warn" role="status" data-testid="restore-banner">
      <strong>Restored from a backup.</strong>{' '}
      {s.needSignIn.length > 0 ? (
        <>
          Sign in again to:{' '}
          {s.needSignIn.map((h, i) => (
            <span key={h.handleId}>
              {i > 0 && ', '}
              <bdi>{h.displayName}</bdi> ({h.network})
            </span>
          ))}
          .{' '}
        </>
      ) : (
        'Every handle is signed in. '
      )}
      <button type="button" className="btn btn-small" onClick={onOpen} data-testid="restore-banner-open">
        Details
      </button>
    </div>
  )
}
