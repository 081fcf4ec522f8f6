// Display names and badge glyphs for the networks a handle can be on.

export interface NetworkInfo {
  label: string
  glyph: string
}

const NETWORKS: Record<string, NetworkInfo> = {
  x: { label: 'X', glyph: 'X' },
  facebook: { label: 'Facebook', glyph: 'f' },
  instagram: { label: 'Instagram', glyph: 'IG' },
  linkedin: { label: 'LinkedIn', glyph: 'in' },
  mastodon: { label: 'Mastodon', glyph: 'M' },
  bluesky: { label: 'Bluesky', glyph: 'B' },
  email: { label: 'E-mail', glyph: '@' },
  telegram: { label: 'Telegram', glyph: 'T' },
}

export const NETWORK_ORDER = ['x', 'facebook', 'instagram', 'linkedin', 'mastodon', 'bluesky', 'email', 'telegram']

export function networkInfo(network: string): NetworkInfo {
  return NETWORKS[network] ?? { label: network || 'Unknown', glyph: (network || '?').charAt(0).toUpperCase() }
}

/** A CSS class suffix that is safe whatever the network string is. */
export function networkClass(network: string): string {
  return network in NETWORKS ? network : 'other'
}

export function kindLabel(kind: string): string {
  switch (kind) {
    case 'public':
      return 'Public thread'
    case 'private':
      return 'Private messages'
    case 'email':
      return 'E-mail'
    default:
      return kind
  }
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'open':
      return 'Open'
    case 'pending':
      return 'Pending'
    case 'resolved':
      return 'Resolved'
    case 'snoozed':
      return 'Snoozed'
    default:
      return status
  }
}
