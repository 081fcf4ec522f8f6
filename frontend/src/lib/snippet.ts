// Search snippets mark matches with \u0002 (start) and \u0003 (end). The text
// between is untrusted; it is split into parts rendered as React text.

export interface SnippetPart {
  text: string
  match: boolean
}

export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  let match = false
  let buf = ''
  const flush = () => {
    if (buf !== '') {
      const prev = parts[parts.length - 1]
      if (prev && prev.match === match) prev.text += buf
      else parts.push({ text: buf, match })
      buf = ''
    }
  }
  for (const ch of snippet) {
    if (ch === MATCH_START) {
      flush()
      match = true
    } else if (ch === MATCH_END) {
      flush()
      match = false
    } else {
      buf += ch
    }
  }
  flush()
  return parts
}
