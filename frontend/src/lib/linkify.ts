// Turns untrusted text into text parts and link parts. Only absolute http://
// and https:// URLs become links; everything else (javascript:, data:, file:,
// HTML markup…) stays plain text. The result is rendered as React text, never
// as HTML.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const SCHEME = /https?:\/\//gi
// Characters that end a URL candidate: whitespace, quotes, angle brackets,
// backticks, control characters (including the \u0002/\u0003 snippet marks).
const STOP = /[\s<>"'`\u0000-\u001f\u007f\u00a0\u2028\u2029\u3000]/
// Trailing characters that are almost always sentence punctuation.
const TRAILING = /[.,;:!?…*_~\u2019\u201d]/
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' }

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c)
}

function count(s: string, c: string): number {
  let n = 0
  for (const ch of s) if (ch === c) n++
  return n
}

/** Removes trailing punctuation and unbalanced closing brackets from a URL candidate. */
export function trimUrl(candidate: string): string {
  let s = candidate
  for (;;) {
    const last = s.charAt(s.length - 1)
    if (last === '') return s
    if (TRAILING.test(last)) {
      s = s.slice(0, -1)
      continue
    }
    const open = PAIRS[last]
    if (open !== undefined && count(s, last) > count(s, open)) {
      s = s.slice(0, -1)
      continue
    }
    return s
  }
}

/** Returns the normalised href if text is an absolute http(s) URL with a host, else null. */
export function safeHttpUrl(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.hostname === '') return null
  return url.href
}

/** Splits text into plain parts and http(s) link parts. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = []
  let plainStart = 0
  let searchFrom = 0
  SCHEME.lastIndex = 0
  for (;;) {
    SCHEME.lastIndex = searchFrom
    const m = SCHEME.exec(text)
    if (!m) break
    const start = m.index
    let end = start + m[0].length
    // "xhttp://" is not the start of a URL.
    if (isWordChar(text[start - 1])) {
      searchFrom = start + 1
      continue
    }
    while (end < text.length && !STOP.test(text[end])) end++
    const candidate = trimUrl(text.slice(start, end))
    // "https:///x" would be repaired by the URL parser into host "x": refuse it.
    const rest = candidate.slice(m[0].length)
    const href = rest !== '' && !/^[/\\]/.test(rest) ? safeHttpUrl(candidate) : null
    if (href === null) {
      searchFrom = start + m[0].length
      continue
    }
    if (start > plainStart) parts.push({ kind: 'text', text: text.slice(plainStart, start) })
    parts.push({ kind: 'link', text: candidate, href })
    plainStart = start + candidate.length
    searchFrom = plainStart
  }
  if (plainStart < text.length) parts.push({ kind: 'text', text: text.slice(plainStart) })
  return parts
}
