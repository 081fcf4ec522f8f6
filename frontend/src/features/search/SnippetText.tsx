import './search.css'
import { useMemo } from 'react'
import { splitSnippet } from '../../lib/snippet'

/** A search snippet: matches in <mark>, everything as React text. */
export function SnippetText({ snippet }: { snippet: string }) {
  const parts = useMemo(() => splitSnippet(snippet), [snippet])
  return (
    <>
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  )
}
