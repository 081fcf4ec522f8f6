// The Reports screen's scope: which client, handle, network and channel kind
// a report covers, the choices each picker offers given the others, and the
// scope in words.
import { networkInfo, NETWORK_ORDER } from '../../lib/networks'
import { ConversationKind, type HandleDTO, type SidebarDTO } from '../../lib/wails'
import type { ReportScope } from '../../lib/wails/reports'

export const ANY_SCOPE: ReportScope = { clientId: 0, handleId: 0, network: '', kind: '' }

/** Channel kinds as a report names them (inbox.Kind). */
export const KINDS: { value: ConversationKind; label: string }[] = [
  { value: ConversationKind.Public, label: 'Public mentions and comments' },
  { value: ConversationKind.Private, label: 'Private messages' },
  { value: ConversationKind.Email, label: 'E-mail' },
]

function allHandles(sidebar: SidebarDTO | undefined): HandleDTO[] {
  return sidebar?.clients.flatMap((c) => c.handles) ?? []
}

/** The handles the handle picker offers: the client's (any when 0), on the network when one is set. */
export function handleChoices(sidebar: SidebarDTO | undefined, scope: ReportScope): HandleDTO[] {
  return allHandles(sidebar).filter((h) => (scope.clientId === 0 || h.clientId === scope.clientId) && (scope.network === '' || h.network === scope.network))
}

/** The networks the network picker offers: those the client's handles are on, in display order (all when there are none). */
export function networkChoices(sidebar: SidebarDTO | undefined, clientId: number): string[] {
  const on = new Set(allHandles(sidebar).filter((h) => clientId === 0 || h.clientId === clientId).map((h) => h.network as string))
  return on.size === 0 ? [...NETWORK_ORDER] : NETWORK_ORDER.filter((n) => on.has(n))
}

/**
 * A scope after one picker changed: a handle that no longer fits the client
 * or network is dropped, and picking a handle sets its client and network.
 */
export function changeScope(sidebar: SidebarDTO | undefined, scope: ReportScope, patch: Partial<ReportScope>): ReportScope {
  const next = { ...scope, ...patch }
  if (patch.handleId) {
    const h = allHandles(sidebar).find((x) => x.id === patch.handleId)
    if (h) return { ...next, clientId: h.clientId, network: h.network }
  }
  if (next.handleId && !handleChoices(sidebar, next).some((h) => h.id === next.handleId)) next.handleId = 0
  if (patch.clientId !== undefined && next.network && !networkChoices(sidebar, next.clientId).includes(next.network)) next.network = ''
  return next
}

/** The scope in words: "Bakery, handle @bakery (X), private messages". */
export function scopeWords(sidebar: SidebarDTO | undefined, scope: ReportScope): string {
  const parts: string[] = []
  const client = sidebar?.clients.find((c) => c.id === scope.clientId)
  parts.push(scope.clientId === 0 ? 'All clients' : client ? client.name : `Client ${scope.clientId}`)
  if (scope.handleId !== 0) {
    const h = allHandles(sidebar).find((x) => x.id === scope.handleId)
    parts.push(h ? `handle ${handleName(h)}` : `handle ${scope.handleId}`)
  } else if (scope.network !== '') {
    parts.push(`every handle on ${networkInfo(scope.network).label}`)
  } else {
    parts.push('every handle')
  }
  const kind = KINDS.find((k) => k.value === scope.kind)
  parts.push(kind ? kind.label.toLowerCase() : 'every channel kind')
  return parts.join(', ')
}

/** A handle as the pickers show it: its username (or name) and network. */
export function handleName(h: HandleDTO): string {
  const name = h.username ? (h.username.startsWith('@') || h.network === 'email' ? h.username : `@${h.username}`) : h.displayName
  return `${name} (${networkInfo(h.network).label})`
}
