import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'

/** The minute clock: the time of its last tick and who follows it. */
interface Clock {
  now: number
  listeners: Set<() => void>
}

const ClockContext = createContext<Clock | null>(null)

// Outside a provider (tests of one component) the clock stands at load time.
const standing: Clock = { now: Date.now(), listeners: new Set() }

/**
 * Provides the current time, refreshed every minute, for relative ages. It is
 * a store, not a context value: a component following it with useNowSelect
 * renders again only when what it shows changes ("3 d" stays "3 d" for a
 * day), so an idle window does not rebuild the whole list every minute.
 */
export function NowProvider({ children, intervalMs = 60_000 }: { children: ReactNode; intervalMs?: number }) {
  const [clock] = useState<Clock>(() => ({ now: Date.now(), listeners: new Set() }))
  useEffect(() => {
    const t = window.setInterval(() => {
      clock.now = Date.now()
      clock.listeners.forEach((l) => l())
    }, intervalMs)
    return () => window.clearInterval(t)
  }, [clock, intervalMs])
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>
}

function useClock(): [Clock, (l: () => void) => () => void] {
  const clock = useContext(ClockContext) ?? standing
  const subscribe = useCallback(
    (l: () => void) => {
      clock.listeners.add(l)
      return () => {
        clock.listeners.delete(l)
      }
    },
    [clock],
  )
  return [clock, subscribe]
}

/** The time of the clock's last tick; renders again on every tick. */
export function useNow(): number {
  const [clock, subscribe] = useClock()
  return useSyncExternalStore(subscribe, () => clock.now)
}

/**
 * What select makes of the clock's time; renders again only when that
 * changes (a string or number, compared with Object.is). Returns it with the
 * time it was made from.
 */
export function useNowSelect<T extends string | number | boolean>(select: (now: number) => T): [T, number] {
  const [clock, subscribe] = useClock()
  const v = useSyncExternalStore(subscribe, () => select(clock.now))
  return [v, clock.now]
}
