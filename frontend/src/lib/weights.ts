// How X and Mastodon count a post's length, mirroring the connectors
// (backend/connector/x/length.go Weight, backend/connector/mastodon/
// length.go statusLength). Both sides are held to the same cases in
// length-cases.json, so the composer never accepts what a connector
// refuses for its length, nor refuses what the network would take.

/** X shortens every link to a t.co address of this length. */
const X_URL_WEIGHT = 23
/** Mastodon counts each link as this many characters (characters_reserved_per_url). */
const MASTODON_URL_CHARS = 23

// Go's \s is [\t\n\f\r ]; JS's is wider, so the classes are spelled out.
const X_URL =
  /\bhttps?:\/\/[^\t\n\f\r ]+|\b(?:[a-z0-9][a-z0-9-]*\.)+(?:com|net|org|info|biz|edu|gov|app|dev|shop|store|online|site|xyz|tech|blog)\b(?:\/[^\t\n\f\r ]*)?|\b(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2}\/[^\t\n\f\r ]*/gi
const MASTODON_URL = /\bhttps?:\/\/[^\t\n\f\r <>"]+/gi
const MASTODON_MENTION = /(^|[^\w/=])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[\w.-]*\w/gi

/** The user-perceived characters of text (grapheme clusters). */
export function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment)
  }
  return Array.from(text)
}

/** twitter-text's weight of one code point: 1 in its light ranges, else 2. */
function codePointWeight(cp: number): number {
  if (cp <= 0x10ff || (cp >= 0x2000 && cp <= 0x200d) || (cp >= 0x2010 && cp <= 0x201f) || (cp >= 0x2032 && cp <= 0x2037)) return 1
  return 2
}

/** A multi-code-point emoji (flag, joined sequence, skin tone, keycap, tag sequence): X counts it as one emoji, 2. */
function isEmoji(cps: number[]): boolean {
  if (cps.length < 2) return false
  if (cps[0] >= 0x1f1e6 && cps[0] <= 0x1f1ff) return true
  return cps.slice(1).some((c) => c === 0x200d || c === 0xfe0f || c === 0x20e3 || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0020 && c <= 0xe007f))
}

function xPlain(s: string): number {
  let n = 0
  for (const g of graphemes(s)) {
    const cps = Array.from(g, (ch) => ch.codePointAt(0) ?? 0)
    n += isEmoji(cps) ? 2 : cps.reduce((sum, c) => sum + codePointWeight(c), 0)
  }
  return n
}

const TRAILING = /[.,:;!?'")\]}]+$/

/** A post's length as X counts it (twitter-text v3): NFC; a link 23; an emoji 2; CJK and most symbols 2. */
export function xWeight(text: string): number {
  const t = text.normalize('NFC')
  let n = 0
  let last = 0
  for (const m of t.matchAll(X_URL)) {
    const start = m.index ?? 0
    const kept = m[0].replace(TRAILING, '')
    n += xPlain(t.slice(last, start)) + X_URL_WEIGHT
    last = start + kept.length
  }
  return n + xPlain(t.slice(last))
}

/** A status's length as Mastodon counts it: graphemes, each link 23, "@bob@example.org" as "@bob". */
export function mastodonLength(text: string): number {
  let n = 0
  const t = text
    .replace(MASTODON_URL, (u) => {
      n += MASTODON_URL_CHARS
      const kept = u.replace(/[.,;:!?'")\]]+$/, '')
      return u.slice(kept.length) // the trailing punctuation still counts
    })
    .replace(MASTODON_MENTION, '$1@$2')
  return n + graphemes(t).length
}
