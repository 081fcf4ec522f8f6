// Pure rules of a client's sign-off in the composer, mirroring backend/voice
// (Sign, Separator, Contains), which signs the reply when it is sent: the
// composer uses these only to show and count the reply as it will go out.
import { asPosted, countFor, limitFor, type ReplyTarget } from './composer'

/** What goes between a reply and its sign-off: a space on networks of short posts, else a new line. */
export function separator(limit: number | null): string {
  return limit != null && limit > 0 && limit <= 500 ? ' ' : '\n'
}

interface Folded {
  chars: string[]
}

function fold(s: string): Folded {
  const chars: string[] = []
  let space = false
  for (let ch of s.normalize('NFC')) {
    if (/\s/u.test(ch)) {
      if (!space && chars.length > 0) chars.push(' ')
      space = true
      continue
    }
    space = false
    if (ch === '\u2019' || ch === '\u2018' || ch === '\u02bc') ch = "'"
    chars.push(ch.toLowerCase())
  }
  if (chars[chars.length - 1] === ' ') chars.pop()
  return { chars }
}

const WORD = /[\p{L}\p{N}\p{M}_]/u

function wordAt(cs: string[], i: number): boolean {
  if (i < 0 || i >= cs.length) return false
  if (WORD.test(cs[i])) return true
  return cs[i] === "'" && i > 0 && i + 1 < cs.length && /\p{L}/u.test(cs[i - 1]) && /\p{L}/u.test(cs[i + 1])
}

/** Whether phrase occurs in text as a whole word or phrase (case and spacing ignored), as backend/voice.Contains. */
export function containsPhrase(text: string, phrase: string): boolean {
  const t = fold(text).chars
  const p = fold(phrase).chars
  if (p.length === 0) return false
  const needStart = wordAt(p, 0)
  const needEnd = wordAt(p, p.length - 1)
  outer: for (let i = 0; i + p.length <= t.length; i++) {
    if (needStart && wordAt(t, i - 1)) continue
    for (let j = 0; j < p.length; j++) if (t[i + j] !== p[j]) continue outer
    if (needEnd && wordAt(t, i + p.length)) continue
    return true
  }
  return false
}

export type SignState = 'appended' | 'present' | 'too-long' | 'off'

export interface Signed {
  text: string
  state: SignState
}

/**
 * The reply as it will be sent when the client's sign-off is added: once (not
 * when the text already carries it) and only while the network's limit holds.
 */
export function withSignoff(text: string, signoff: string, append: boolean, network: string, to?: ReplyTarget): Signed {
  const t = text.trim()
  const s = signoff.trim()
  if (!append || !s || !t) return { text, state: 'off' }
  if (containsPhrase(t, s)) return { text, state: 'present' }
  const limit = limitFor(network, to?.visibility)
  const out = t + separator(limit) + s
  if (limit != null && countFor(asPosted(out, network, to), network, to?.visibility) > limit) return { text, state: 'too-long' }
  return { text: out, state: 'appended' }
}
