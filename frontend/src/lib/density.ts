// The list's density, a setting kept on this computer (localStorage): the
// front end's own preference, nothing the back end needs to know.
import { useSyncExternalStore } from 'react'

export type Density = 'compact' | 'comfortable'

export const ROW_HEIGHTS: Record<Density, number> = { compact: 52, comfortable: 74 }

const KEY = 'careinbox.density'
const listeners = new Set<() => void>()

function read(): Density {
  try {
    return localStorage.getItem(KEY) === 'compact' ? 'compact' : 'comfortable'
  } catch {
    return 'comfortable'
  }
}

let current: Density | null = null

export function getDensity(): Density {
  return (current ??= read())
}

export function setDensity(d: Density): void {
  current = d
  try {
    localStorage.setItem(KEY, d)
  } catch {
    // storage unavailable: the choice lasts for this session
  }
  listeners.forEach((l) => l())
}

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useDensity(): Density {
  return useSyncExternalStore(subscribe, getDensity, getDensity)
}
