// aria-activedescendant must name an element that is in the document (axe:
// aria-valid-attr-value, critical). A virtual list draws only the rows near
// its scroll position, and a conversation that was resolved or snoozed stays
// open in the thread pane after its row has left the list; pointing at it
// then names nothing. This keeps the attribute only while the row is drawn.
import { useEffect, type RefObject } from 'react'

/** Sets or removes list's aria-activedescendant: `id` only while an element with that id is in the document. */
export function syncActiveDescendant(list: Element, id: string | null): void {
  if (id && list.ownerDocument.getElementById(id)) {
    if (list.getAttribute('aria-activedescendant') !== id) list.setAttribute('aria-activedescendant', id)
  } else if (list.hasAttribute('aria-activedescendant')) {
    list.removeAttribute('aria-activedescendant')
  }
}

/**
 * Keeps the listbox under box (the first [role="listbox"]) pointing at the
 * option `id` whenever that option is drawn, as rows come and go. `redraw`
 * lists what replaces the listbox element itself (a remount).
 */
export function useActiveDescendant(box: RefObject<HTMLElement | null>, id: string | null, redraw: readonly unknown[]): void {
  useEffect(() => {
    const list = box.current?.querySelector('[role="listbox"]')
    if (!list) return
    const sync = () => syncActiveDescendant(list, id)
    sync()
    const watch = new MutationObserver(sync)
    watch.observe(list, { childList: true, subtree: true })
    return () => watch.disconnect()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [box, id, ...redraw])
}
