// Initials for avatars: the first letter of the first and last word of a
// name, by grapheme (so "Émile", "李小龍" or "👩🏽‍💻 Ana" give whole
// characters, never half a surrogate pair or a bare combining mark).

const seg = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null

function graphemes(s: string): string[] {
  if (seg) return Array.from(seg.segment(s), (x) => x.segment)
  return Array.from(s)
}

// Scripts written without spaces between given and family name, where one
// character is the natural initial.
const NO_SPACES = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u

/** One or two characters for an avatar; "?" when the name has nothing usable. */
export function initials(name: string): string {
  // Direction controls and other invisible format characters are no initials;
  // a leading "@" (a username) neither.
  // An e-mail address counts by its local part.
  const clean = name
    .replace(/[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .replace(/^[@+]+/, '')
    .replace(/(?<=\S)@.*$/, '')
    .trim()
  const words = clean
    .split(/[\s._\-–—]+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]+/u, ''))
    .filter(Boolean)
  if (words.length === 0) return '?'
  const first = graphemes(words[0])[0] ?? ''
  const symbol = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u
  if (symbol.test(first)) return first
  if (NO_SPACES.test(first) || words.length === 1) return first.toLocaleUpperCase()
  const lastWord = words[words.length - 1]
  const last = graphemes(lastWord)[0] ?? ''
  if (symbol.test(last)) return first.toLocaleUpperCase()
  return (first + last).toLocaleUpperCase()
}
