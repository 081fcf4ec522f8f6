import './thread.css'
import { useMemo, type MouseEvent } from 'react'
import { linkify } from '../../lib/linkify'
import { errorMessage, openLink } from '../../lib/wails'

/**
 * Untrusted text rendered as React text. Only http(s) URLs become links, and
 * a click opens them in the system browser through the back end instead of
 * navigating the app's window.
 */
export function LinkifiedText({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text])
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'link' ? (
          <a
            key={i}
            href={p.href}
            title={p.href}
            rel="noopener noreferrer nofollow"
            className="ext-link"
            onClick={(e: MouseEvent) => {
              e.preventDefault()
              openLink(p.href).catch((err) => console.error('Could not open link:', errorMessage(err)))
            }}
            onAuxClick={(e: MouseEvent) => e.preventDefault()}
            onDragStart={(e) => e.preventDefault()}
          >
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  )
}
