import './guide.css'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, getGuide } from '../../lib/wails'
import { Markdown } from './Markdown'

export function useGuide() {
  return useQuery({ queryKey: queryKeys.guide, queryFn: getGuide })
}

/** The workspace's best-practices guide, read beside a reply. Edited under Tone & guide. */
export function GuideDialog({ onClose }: { onClose: () => void }) {
  const q = useGuide()
  const box = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  close.current = onClose
  // Like the saved-replies dialog, a modal keeps the keys: Escape closes it and
  // no inbox shortcut fires behind it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        close.current()
      } else if (!box.current?.contains(e.target as Node)) {
        e.stopPropagation()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div
        className="dialog dialog-wide guide-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="guide-title"
        data-testid="guide-dialog"
        ref={box}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.stopPropagation()}
      >
        <h3 id="guide-title">Best-practices guide</h3>
        <button type="button" className="btn dialog-close" onClick={onClose} aria-label="Close" data-testid="guide-close" autoFocus>
          ×
        </button>
        {q.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(q.error)}
          </p>
        )}
        {q.data && <Markdown source={q.data.markdown} className="guide-text" />}
        {q.data && !q.data.custom && <p className="hint">This is the starter guide; edit it for your business under “Tone &amp; guide…”.</p>}
      </div>
    </div>
  )
}
