import { Fragment } from 'react'
import { hasDirectionControls } from '../lib/bidi'
import { DirectionMarker } from './Name'

/**
 * A stranger's name, username or address, with line-break opportunities
 * after "@" and before "." "/" "_" "-", so a long address wraps at its parts
 * ("support@" / "example.com") rather than mid-word. The text itself is
 * unchanged (copying it gives the address back); plain text only. Like Name,
 * it is isolated as bidirectional text (a right-to-left override in it cannot
 * reorder the @username or time beside it) and marked when it holds
 * direction controls.
 */
export function Breakable({ text }: { text: string }) {
  const marker = hasDirectionControls(text) && <DirectionMarker />
  if (text.length < 16 || !/[@./_-]/.test(text))
    return (
      <>
        <bdi dir="auto">{text}</bdi>
        {marker}
      </>
    )
  const parts = text.split(/(?<=@)|(?=[./_-])/)
  return (
    <>
      <bdi dir="auto">
        {parts.map((p, i) => (
          <Fragment key={i}>
            {i > 0 && <wbr />}
            {p}
          </Fragment>
        ))}
      </bdi>
      {marker}
    </>
  )
}
