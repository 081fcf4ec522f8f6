import './ui.css'
import { networkClass, networkInfo } from '../lib/networks'

/** A small coloured badge for a network (no external images). */
export function NetworkBadge({ network, size = 'md' }: { network: string; size?: 'sm' | 'md' }) {
  const info = networkInfo(network)
  return (
    <span
      className={`net-badge net-${networkClass(network)} net-badge-${size}`}
      title={info.label}
      aria-label={info.label}
      role="img"
    >
      <span aria-hidden="true">{info.glyph}</span>
    </span>
  )
}
