import { Fragment } from 'react'

/**
 * Text such as an e-mail address or a handle, with line-break opportunities
 * after "@" and before "." "/" "_" "-", so a long address wraps at its parts
 * ("support@" / "example.com") rather than mid-word. The text itself is
 * unchanged (copying it gives the address back); plain text only.
 */
export function Breakable({ text }: { text: string }) {
  if (text.length < 16 || !/[@./_-]/.test(text)) return <>{text}</>
  const parts = text.split(/(?<=@)|(?=[./_-])/)
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  )
}
