// The start-up mark: one line on standard output when the first conversation
// rows are on screen, so a benchmark outside the app (scripts/bench-app.sh) can
// time "process start → visible rows" from the real UI, not from a guess.
import { emitFirstRows, logLine } from './wails'

/** The line's fixed start; the rest says how long after navigation it came. */
export const FIRST_ROWS_MARK = 'careinbox: first rows on screen'

/**
 * Waits for the first element matching selector, then for two animation frames
 * (the frame that lays it out and the one after it is painted), and calls done
 * with the times since navigation start: painted, and when the element was
 * first in the DOM. Returns a function that stops waiting.
 */
export function whenPainted(root: Node, selector: string, done: (paintedMs: number, inDomMs: number) => void): () => void {
  let stopped = false
  let observer: MutationObserver | null = null
  const painted = () => {
    const inDom = performance.now()
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (!stopped) done(Math.round(performance.now()), Math.round(inDom))
        stopped = true
      }),
    )
  }
  const doc = root.ownerDocument ?? (root as Document)
  if (doc.querySelector(selector)) {
    painted()
  } else {
    observer = new MutationObserver(() => {
      if (stopped || !doc.querySelector(selector)) return
      observer?.disconnect()
      painted()
    })
    observer.observe(root, { childList: true, subtree: true })
  }
  return () => {
    stopped = true
    observer?.disconnect()
  }
}

/**
 * Once the first real row of the list is painted: logs FIRST_ROWS_MARK and
 * tells the back end, which holds its background loops until then (main.go).
 */
export function markFirstRows(root: Node = document.body): () => void {
  const script = Math.round(performance.now())
  return whenPainted(root, '[data-testid="conversation-row"]', (painted, inDom) => {
    logLine(`${FIRST_ROWS_MARK} ${painted} ms after navigation (script ran at ${script} ms, first row in the DOM at ${inDom} ms)`)
    emitFirstRows()
  })
}
