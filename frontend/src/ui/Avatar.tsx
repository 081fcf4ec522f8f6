import './ui.css'
import { initials } from '../lib/initials'
import { NetworkBadge } from './NetworkBadge'

/** A customer's initials in a circle, with the network's logo at its corner. */
export function Avatar({ name, network }: { name: string; network?: string }) {
  return (
    <span className="avatar">
      <span className="avatar-initials" aria-hidden="true" data-testid="avatar-initials">
        {initials(name)}
      </span>
      {network && (
        <span className="avatar-net">
          <NetworkBadge network={network} size="sm" />
        </span>
      )}
    </span>
  )
}
