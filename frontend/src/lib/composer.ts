// Pure rules of the reply composer: each network's length limit, how text
// is counted, and saved-reply variables.

import { graphemes, mastodonLength, xWeight } from './weights'

/** A network's reply limits per channel: a public reply and a private message (DM). */
export interface ChannelLimits {
  public: number | null
  private: number | null
}

/**
 * Characters a reply may have on each network and channel; null = no
 * practical limit. Kept equal to each connector's Spec (MaxLength,
 * MaxPrivateLength) by backend/connector/registry/limits_test.go.
 */
export const NETWORK_LIMITS: Record<string, ChannelLimits> = {
  x: { public: 280, private: 10000 }, // a DM allows 10 000
  bluesky: { public: 300, private: 1000 }, // chat.bsky.convo messageInput: 1000 graphemes
  mastodon: { public: 500, private: 500 }, // the default; instances may allow more; a DM is a direct status
  telegram: { public: 4096, private: 4096 },
  instagram: { public: 1000, private: 1000 },
  facebook: { public: 8000, private: 2000 }, // comments 8000, Messenger 2000
  linkedin: { public: 1250, private: 1250 }, // replies are comments; no private messaging
  email: { public: null, private: null },
}

/** The limit for a network's channel (unknown networks: none). visibility "private" is a DM. */
export function limitFor(network: string, visibility: string = 'public'): number | null {
  const l = NETWORK_LIMITS[network]
  if (!l) return null
  return visibility === 'private' ? l.private : l.public
}

/**
 * Length as networks count it: user-perceived characters, so an emoji or an
 * accented letter made of two code points counts once.
 */
export function countChars(text: string): number {
  return graphemes(text).length
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
  if (network === 'mastodon' && to?.customerUser) return mastodonPosted(t, to.customerUser)
  if (network !== 'bluesky' || !to || to.visibility !== 'public' || !to.customerUser) return t
  const mention = '@' + to.customerUser.replace(/^@/, '')
  const escaped = mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // ASCII letters match either case, as handles are ASCII; not inside an address or a longer handle.
  if (new RegExp(`(^|[^A-Za-z0-9@._-])${escaped}(?![A-Za-z0-9._-]*[A-Za-z0-9])`, 'i').test(t)) return t
  return `${mention} ${t}`
}

/**
 * A Mastodon reply, public or direct, starts with "@acct" unless a word of the text already is that mention
 * (backend/connector/mastodon: replyText): a direct post reaches only the accounts it mentions.
 */
function mastodonPosted(t: string, customerUser: string): string {
  const mention = '@' + customerUser.replace(/^@/, '')
  const named = t.split(/\s+/).some((w) => w.replace(/[.,:;!?]+$/, '').toLowerCase() === mention.toLowerCase())
  return named ? t : `${mention} ${t}`
}

/** A reply's length as its network counts it (see weights.ts): X weighs posts and counts a DM's code points, Mastodon counts links as 23. */
export function countFor(text: string, network: string, visibility: string = 'public'): number {
  if (network === 'x') return visibility === 'private' ? Array.from(text.normalize('NFC')).length : xWeight(text)
  if (network === 'mastodon') return mastodonLength(text)
  return countChars(text)
}

export function limitState(text: string, network: string, to?: ReplyTarget): LimitState {
  const count = countFor(asPosted(text, network, to), network, to?.visibility)
  const limit = limitFor(network, to?.visibility)
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
