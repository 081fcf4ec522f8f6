import './ui.css'
import { DIRECTION_CONTROL_NOTE, hasDirectionControls } from '../lib/bidi'

/**
 * A name from a stranger (customer, handle, author), isolated as bidirectional
 * text so it cannot reorder what stands beside it (an @username, a "·"), with
 * a visible marker when it holds direction-control characters.
 */
export function Name({ text, className, testid }: { text: string; className?: string; testid?: string }) {
  return (
    <span className={className} data-testid={testid}>
      <bdi dir="auto">{text}</bdi>
      {hasDirectionControls(text) && <DirectionMarker />}
    </span>
  )
}

/** The visible marker for text holding direction controls (see lib/bidi). */
export function DirectionMarker() {
  return (
    <span className="bidi-marker" title={DIRECTION_CONTROL_NOTE} aria-label={DIRECTION_CONTROL_NOTE} role="img" data-testid="bidi-marker">
      ⇄
    </span>
  )
}
