// Display names and badge glyphs for the networks a handle can be on. The
// networks themselves are the generated Network enum (app/enums.go): a network
// added in Go without a name and glyph here fails to type-check.
import { ConversationKind, ConversationStatus, Network } from './wails'

export interface NetworkInfo {
  label: string
  glyph: string
}

const NETWORKS: Record<Network, NetworkInfo> = {
  [Network.X]: { label: 'X', glyph: 'X' },
  [Network.Facebook]: { label: 'Facebook', glyph: 'f' },
  [Network.Instagram]: { label: 'Instagram', glyph: 'IG' },
  [Network.LinkedIn]: { label: 'LinkedIn', glyph: 'in' },
  [Network.Mastodon]: { label: 'Mastodon', glyph: 'M' },
  [Network.Bluesky]: { label: 'Bluesky', glyph: 'B' },
  [Network.Email]: { label: 'E-mail', glyph: '@' },
  [Network.Telegram]: { label: 'Telegram', glyph: 'T' },
}

/** Display order (inbox.Networks in Go; the generated enum is sorted by name). */
export const NETWORK_ORDER: Network[] = [
  Network.X,
  Network.Facebook,
  Network.Instagram,
  Network.LinkedIn,
  Network.Mastodon,
  Network.Bluesky,
  Network.Email,
  Network.Telegram,
]

function isNetwork(n: string): n is Network {
  return Object.prototype.hasOwnProperty.call(NETWORKS, n)
}

export function networkInfo(network: string): NetworkInfo {
  if (isNetwork(network)) return NETWORKS[network]
  return { label: network || 'Unknown', glyph: (network || '?').charAt(0).toUpperCase() }
}

/** A CSS class suffix that is safe whatever the network string is. */
export function networkClass(network: string): string {
  return isNetwork(network) ? network : 'other'
}

export function kindLabel(kind: ConversationKind | string): string {
  switch (kind) {
    case ConversationKind.Public:
      return 'Public thread'
    case ConversationKind.Private:
      return 'Private messages'
    case ConversationKind.Email:
      return 'E-mail'
    default:
      return kind
  }
}

export function statusLabel(status: ConversationStatus | string): string {
  switch (status) {
    case ConversationStatus.Open:
      return 'Open'
    case ConversationStatus.Pending:
      return 'Pending'
    case ConversationStatus.Resolved:
      return 'Resolved'
    case ConversationStatus.Snoozed:
      return 'Snoozed'
    default:
      return status
  }
}
