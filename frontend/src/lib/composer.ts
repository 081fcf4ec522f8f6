// Pure rules of the reply composer: each network's length limit, how text
// is counted, and saved-reply variables.

/** Characters a reply may have on each network; null = no practical limit. */
export const NETWORK_LIMITS: Record<string, number | null> = {
  x: 280,
  bluesky: 300,
  mastodon: 500, // the default; instances may allow more
  telegram: 4096,
  instagram: 1000,
  facebook: 8000,
  linkedin: 1250, // replies are comments
  email: null,
}

/** The limit for a network (unknown networks: none). */
export function limitFor(network: string): number | null {
  return network in NETWORK_LIMITS ? NETWORK_LIMITS[network] : null
}

/**
 * Length as networks count it: user-perceived characters, so an emoji or an
 * accented letter made of two code points counts once.
 */
export function countChars(text: string): number {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let n = 0
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++
    return n
  }
  return Array.from(text).length
}

export interface LimitState {
  count: number
  limit: number | null
  remaining: number | null
  over: boolean
  /** Within 10 % of the limit. */
  near: boolean
}

/** Who a reply answers, where the network counts that too. */
export interface ReplyTarget {
  visibility: string
  customerUser: string
}

/**
 * The text as the network will count it. A public Bluesky reply starts with the customer's @handle unless the
 * text already mentions it standing alone (backend/connector/bluesky: withMention), and Bluesky's 300 graphemes
 * include it — so a reply the composer accepts is never refused for being 306 long.
 */
export function asPosted(text: string, network: string, to?: ReplyTarget): string {
  const t = text.trim()
  if (network !== 'bluesky' || !to || to.visibility !== 'public' || !to.customerUser) return t
  const mention = '@' + to.customerUser.replace(/^@/, '')
  const escaped = mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // ASCII letters match either case, as handles are ASCII; not inside an address or a longer handle.
  if (new RegExp(`(^|[^A-Za-z0-9@._-])${escaped}(?![A-Za-z0-9._-]*[A-Za-z0-9])`, 'i').test(t)) return t
  return `${mention} ${t}`
}

export function limitState(text: string, network: string, to?: ReplyTarget): LimitState {
  const count = countChars(asPosted(text, network, to))
  const limit = limitFor(network)
  if (limit == null) return { count, limit, remaining: null, over: false, near: false }
  const remaining = limit - count
  return { count, limit, remaining, over: remaining < 0, near: remaining >= 0 && remaining <= limit * 0.1 }
}

export interface ReplyVars {
  customer_name: string
  handle: string
  agent: string
  /** The client's sign-off, {agent} already filled in ("" when none). */
  signoff?: string
}

/**
 * Fills {customer_name}, {handle}, {agent} and {signoff} (as backend/voice
 * Expand). Unknown {words} are left as
 * they are, so a typo stays visible instead of vanishing.
 */
export function expandVariables(template: string, vars: ReplyVars): string {
  return template.replace(/\{(customer_name|handle|agent|signoff)\}/g, (_, k: keyof ReplyVars) => vars[k] ?? '')
}

/** The customer's first name for a greeting, falling back to the username. */
export function firstName(name: string, user: string): string {
  const n = name.trim().split(/\s+/)[0]
  return n || user.replace(/^@/, '').split('@')[0] || 'there'
}

export const MOVE_TO_PRIVATE_NOTE = "Thanks — we've sent you a private message so we can sort this out safely."
