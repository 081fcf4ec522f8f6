import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { errorMessage } from '../lib/wails'

/** One action that can be taken back for a while. */
export interface UndoOffer {
  /** What was done, e.g. "Resolved 3 conversations". */
  message: string
  /** Puts it back; a rejection is shown in the toast. */
  undo: () => Promise<unknown>
  /** Unix ms after which the offer is gone (default: 8 s from now). */
  until?: number
  /** Counts down to until in the message ("Sending in 7 s"). */
  countdown?: (secondsLeft: number) => string
  /** Said after a successful undo, e.g. "Reply pulled back". */
  undone?: string
}

type Show = (o: UndoOffer) => void

const UndoContext = createContext<Show | null>(null)

/** Default life of an offer without its own deadline. */
export const UNDO_MS = 8_000

interface Shown extends UndoOffer {
  id: number
  until: number
  state: 'offered' | 'undoing' | 'undone' | 'failed'
  error?: string
}

/**
 * Offers Undo after an action: one toast at a time (a newer action replaces
 * the offer), gone when its time is up. Ctrl+Z (⌘Z) takes the offer outside
 * text fields.
 */
export function UndoToastProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Shown | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const next = useRef(0)
  const show = useCallback<Show>((o) => {
    next.current++
    setNow(Date.now())
    setShown({ ...o, id: next.current, until: o.until ?? Date.now() + UNDO_MS, state: 'offered' })
  }, [])

  // Tick each second while an offer is visible, and drop it at its end.
  useEffect(() => {
    if (!shown) return
    const last = shown.state === 'offered' || shown.state === 'undoing' ? shown.until : Date.now() + 4_000
    const t = window.setInterval(() => {
      const n = Date.now()
      setNow(n)
      if (n >= last) setShown((s) => (s && s.id === shown.id ? null : s))
    }, 250)
    return () => window.clearInterval(t)
  }, [shown])

  const take = useCallback(() => {
    if (!shown || shown.state !== 'offered') return
    const id = shown.id
    setShown({ ...shown, state: 'undoing' })
    shown.undo().then(
      () => setShown((s) => (s && s.id === id ? { ...s, state: 'undone' } : s)),
      (e: unknown) => setShown((s) => (s && s.id === id ? { ...s, state: 'failed', error: errorMessage(e) } : s)),
    )
  }, [shown])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.key === 'z' || e.key === 'Z') || !(e.ctrlKey || e.metaKey) || e.shiftKey) return
      const el = e.target as HTMLElement | null
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return
      if (!shown || shown.state !== 'offered') return
      e.preventDefault()
      take()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [shown, take])

  const left = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0
  const text = !shown
    ? ''
    : shown.state === 'undone'
      ? (shown.undone ?? 'Undone')
      : shown.state === 'failed'
        ? `Could not undo: ${shown.error}`
        : shown.countdown
          ? shown.countdown(left)
          : shown.message
  const value = useMemo(() => show, [show])
  return (
    <UndoContext.Provider value={value}>
      {children}
      <div className="undo-toast-region" aria-live="polite">
        {shown && (
          <div className={`undo-toast undo-toast-${shown.state}`} role="status" data-testid="undo-toast" data-state={shown.state}>
            <span className="undo-toast-text" data-testid="undo-toast-text">
              {text}
            </span>
            {(shown.state === 'offered' || shown.state === 'undoing') && (
              <button type="button" className="btn btn-small" onClick={take} disabled={shown.state === 'undoing'} data-testid="undo-toast-undo" title="Undo (Ctrl+Z)">
                {shown.state === 'undoing' ? 'Undoing…' : 'Undo'}
              </button>
            )}
            <button type="button" className="undo-toast-close" aria-label="Dismiss" onClick={() => setShown(null)}>
              ×
            </button>
          </div>
        )}
      </div>
    </UndoContext.Provider>
  )
}

/** Offers an Undo toast; without a provider (isolated component tests) it does nothing. */
export function useUndoToast(): Show {
  return useContext(UndoContext) ?? noop
}

function noop() {}
