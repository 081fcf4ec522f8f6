// Pure helpers for the saved-replies dialog: the variables a saved reply can
// use, typo detection and what the form needs before it can save.
import type { ReplyVars } from './composer'

export const REPLY_VARIABLES: { name: keyof ReplyVars; help: string }[] = [
  { name: 'customer_name', help: "the customer's first name (else their username)" },
  { name: 'handle', help: 'the handle or page the reply goes out from' },
  { name: 'agent', help: 'your name, as set for this workspace' },
  { name: 'signoff', help: "the client's sign-off (e.g. “— Sam” or “^SK”)" },
]

const KNOWN = new Set<string>(REPLY_VARIABLES.map((v) => v.name))

/** {words} in a text that are not variables ("{name}" for "{customer_name}"), once each, in order. */
export function unknownVariables(body: string): string[] {
  const out: string[] = []
  for (const m of body.matchAll(/\{([^{}\s]*)\}/g)) {
    const name = m[1]
    if (!KNOWN.has(name) && !out.includes(`{${name}}`)) out.push(`{${name}}`)
  }
  return out
}

/** Why the form cannot be saved yet, or null when it can. */
export function replyFormError(title: string, body: string, others: { id: number; title: string }[] = [], id = 0): string | null {
  if (!title.trim()) return 'Give the saved reply a name.'
  if (!body.trim()) return 'Write the text of the saved reply.'
  const t = title.trim().toLowerCase()
  if (others.some((r) => r.id !== id && r.title.trim().toLowerCase() === t)) return `There is already a saved reply called “${title.trim()}”.`
  return null
}

/** Who a saved reply is offered to, in words. */
export function scopeLabel(clientId: number, clientName: string): string {
  return clientId === 0 ? 'All clients' : `Only ${clientName}`
}
