import './ui.css'
import { siBluesky, siFacebook, siInstagram, siMastodon, siTelegram, siX } from 'simple-icons'
import { networkClass, networkInfo } from '../lib/networks'
import { Network } from '../lib/wails'

// Logos from simple-icons, imported one by one so the bundle carries only
// these. LinkedIn is not in simple-icons (withdrawn at the brand's request)
// and e-mail has no brand: those keep a neutral labelled glyph.
const LOGOS: Partial<Record<string, string>> = {
  [Network.X]: siX.path,
  [Network.Facebook]: siFacebook.path,
  [Network.Instagram]: siInstagram.path,
  [Network.Mastodon]: siMastodon.path,
  [Network.Bluesky]: siBluesky.path,
  [Network.Telegram]: siTelegram.path,
}

/** A small coloured badge for a network: its logo, or a labelled glyph (no external images). */
export function NetworkBadge({ network, size = 'md' }: { network: string; size?: 'sm' | 'md' }) {
  const info = networkInfo(network)
  const logo = LOGOS[network]
  return (
    <span
      className={`net-badge net-${networkClass(network)} net-badge-${size}`}
      title={info.label}
      aria-label={info.label}
      role="img"
      data-logo={logo ? 'true' : 'false'}
    >
      {logo ? (
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="net-logo">
          <path d={logo} fill="currentColor" />
        </svg>
      ) : (
        <span aria-hidden="true">{info.glyph}</span>
      )}
    </span>
  )
}
