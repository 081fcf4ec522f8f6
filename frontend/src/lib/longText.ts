// How much of a very long message body the thread renders at first (issue
// 14): a 1 MB e-mail rendered whole blocks the window for seconds.

/** Bodies longer than this (UTF-16 units) show their first part and a "Show all". */
export const LONG_BODY = 20_000

export interface BodyPreview {
  head: string
  /** The size of what is not shown, e.g. "980 KB". */
  hiddenLabel: string
  /** The whole body's size, e.g. "1.0 MB". */
  totalLabel: string
}

/** A size in words: "812 characters", "14 KB", "1.0 MB" (UTF-8 bytes). */
export function sizeLabel(text: string): string {
  const bytes = new TextEncoder().encode(text).length
  if (bytes < 1024) return `${bytes} characters`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/**
 * The first LONG_BODY characters, cut at the last line break or space in
 * its final tenth (so a word is not cut in two) and never inside a surrogate
 * pair; null when the body is short enough to show whole.
 */
export function bodyPreview(text: string, limit = LONG_BODY): BodyPreview | null {
  if (text.length <= limit) return null
  let cut = limit
  const floor = Math.floor(limit * 0.9)
  const nl = text.lastIndexOf('\n', limit)
  const sp = text.lastIndexOf(' ', limit)
  if (nl >= floor) cut = nl
  else if (sp >= floor) cut = sp
  const code = text.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut-- // a high surrogate: keep the pair together
  const head = text.slice(0, cut)
  return { head, hiddenLabel: sizeLabel(text.slice(cut)), totalLabel: sizeLabel(text) }
}
