// The chart colours: CSS variables of the element a chart sits in
// (reports.css maps them to the app's theme), read each time a chart is
// drawn, and a version that changes when the theme may have.
import { useEffect, useState } from 'react'

export interface Theme {
  series: [string, string]
  axis: string
  grid: string
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback
}

/** The chart colours as the element's CSS variables say now. */
export function readTheme(el: Element): Theme {
  return {
    series: [cssVar(el, '--chart-1', '#2b59c3'), cssVar(el, '--chart-2', '#b85c00')],
    axis: cssVar(el, '--chart-axis', '#4a5565'),
    grid: cssVar(el, '--chart-grid', '#dfe3e8'),
  }
}

/** False where no canvas can be drawn (jsdom in the unit tests). */
export function canDraw(): boolean {
  if (typeof document === 'undefined' || typeof window === 'undefined' || typeof window.matchMedia !== 'function') return false
  try {
    return !!document.createElement('canvas').getContext('2d')
  } catch {
    return false
  }
}


/**
 * A number that changes whenever the theme may have: the system's light/dark
 * preference, or a class, style or data-theme attribute on <html> or <body>
 * (how a theme switch would be made). Canvas charts read colours once, so
 * they draw again when it changes.
 */
export function useThemeVersion(): number {
  const [v, setV] = useState(0)
  useEffect(() => {
    const bump = () => setV((x) => x + 1)
    const mq = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
    mq?.addEventListener('change', bump)
    const mo = typeof MutationObserver === 'function' ? new MutationObserver(bump) : null
    for (const el of [document.documentElement, document.body]) {
      mo?.observe(el, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] })
    }
    return () => {
      mq?.removeEventListener('change', bump)
      mo?.disconnect()
    }
  }, [])
  return v
}
