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
 * The start's phases so far, in ms since navigation, in the order they came:
 * the mark's line lists them, so a slow start shows where it waited.
 */
export type StartPhases = Array<[what: string, ms: number]>

/** Records phase what (e.g. "first page") at the current time into phases. */
export function phaseMarker(phases: StartPhases): (what: string) => void {
  return (what) => {
    phases.push([what, Math.round(performance.now())])
  }
}

/** "script ran at 95 ms, info at 130 ms, …": the phases as the mark prints them. */
export function describePhases(phases: StartPhases): string {
  return phases.map(([what, ms]) => `${what} at ${ms} ms`).join(', ')
}

/**
 * Once the first real row of the list is painted: logs FIRST_ROWS_MARK with
 * the phases recorded until then and tells the back end, which holds its
 * background loops until then (main.go).
 */
export function markFirstRows(root: Node = document.body, phases: StartPhases = []): () => void {
  phaseMarker(phases)('script ran')
  return whenPainted(root, '[data-testid="conversation-row"]', (painted, inDom) => {
    const all = [...phases, ['first row in the DOM', inDom] as [string, number]].sort((a, b) => a[1] - b[1])
    logLine(`${FIRST_ROWS_MARK} ${painted} ms after navigation (${describePhases(all)})`)
    emitFirstRows()
  })
}
