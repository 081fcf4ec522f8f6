import './inbox.css'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import { VList, type VListHandle } from 'virtua'
import { ROW_HEIGHTS, useDensity, type Density } from '../../lib/density'
import { useActiveDescendant } from '../../lib/activeDescendant'
import { conversationIdAt, loadedIndexOf, PAGE_SIZE, prefetchPagesAround, useConversationPage } from '../../lib/queries'
import { actionFor, isTyping } from '../../lib/shortcuts'
import { errorMessage, type FilterDTO } from '../../lib/wails'
import { ConversationRow } from './ConversationRow'


interface Props {
  filter: FilterDTO
  /** Changes whenever the filter does; resets scroll position. */
  filterKey: string
  showClient: boolean
  cursorId: number | null
  openId: number | null
  onCursor: (id: number | null) => void
  onOpen: (id: number) => void
  emptyText: string
  /** Bulk selection: ids checked, and how to toggle one. */
  checked?: ReadonlySet<number>
  onToggle?: (id: number) => void
}

interface SlotProps {
  filter: FilterDTO
  index: number
  showClient: boolean
  cursorId: number | null
  openId: number | null
  onClick: (id: number, index: number) => void
  checked?: ReadonlySet<number>
  onToggle?: (id: number) => void
  density: Density
}

/** One list slot: subscribes to the page its index falls in. */
function RowSlot({ filter, index, showClient, cursorId, openId, onClick, checked, onToggle, density }: SlotProps) {
  const page = Math.floor(index / PAGE_SIZE)
  const q = useConversationPage(filter, page)
  const c = q.data?.items[index % PAGE_SIZE]
  if (!c) {
    return (
      <div className={`row row-placeholder${density === 'compact' ? ' row-compact' : ''}${q.isPending ? ' row-loading' : ''}`} aria-hidden="true">
        {q.isError ? <span className="row-error">{errorMessage(q.error)}</span> : <span className="skeleton" />}
      </div>
    )
  }
  return (
    <ConversationRow
      c={c}
      index={index}
      selected={c.id === cursorId}
      open={c.id === openId}
      showClient={showClient}
      onClick={onClick}
      checked={checked?.has(c.id)}
      onToggle={onToggle}
      density={density}
    />
  )
}

export function ConversationList({ filter, filterKey, showClient, cursorId, openId, onCursor, onOpen, emptyText, checked, onToggle }: Props) {
  const qc = useQueryClient()
  const density = useDensity()
  const ROW_HEIGHT = ROW_HEIGHTS[density]
  const first = useConversationPage(filter, 0)
  const total = first.data?.total ?? 0
  const data = useMemo(() => ({ length: total }), [total])
  const listRef = useRef<VListHandle>(null)
  // Prefetch once per page boundary crossed, not on every scroll event.
  const prefetched = useRef('')
  const onScroll = useCallback(
    (offset: number) => {
      const index = Math.floor(offset / ROW_HEIGHT)
      const mark = `${filterKey}:${Math.floor(index / PAGE_SIZE)}`
      if (mark === prefetched.current) return
      prefetched.current = mark
      prefetchPagesAround(qc, filter, index, total)
    },
    [qc, filter, filterKey, total, ROW_HEIGHT],
  )
  const boxRef = useRef<HTMLDivElement>(null)
  const cursorIndex = useRef(-1)
  // Only while the cursor's row is drawn (virtual rows come and go; a resolved one leaves).
  useActiveDescendant(boxRef, cursorId != null ? `conversation-option-${cursorId}` : null, [filterKey, density, first.isPending, first.isError, total === 0])

  // Latest values for the window-level key handler.
  const latest = useRef({ filter, total, cursorId, onCursor, onOpen })
  latest.current = { filter, total, cursorId, onCursor, onOpen }

  useEffect(() => {
    cursorIndex.current = -1
  }, [filterKey])

  const handleClick = useCallback(
    (id: number, index: number) => {
      cursorIndex.current = index
      latest.current.onCursor(id)
      latest.current.onOpen(id)
    },
    [],
  )

  useEffect(() => {
    const move = async (delta: number) => {
      const { filter, total, cursorId, onCursor } = latest.current
      if (total === 0) return
      let idx = cursorId != null ? loadedIndexOf(qc, filter, cursorId) : -1
      if (idx < 0) idx = cursorIndex.current
      const next = idx < 0 ? 0 : Math.min(total - 1, Math.max(0, idx + delta))
      cursorIndex.current = next
      listRef.current?.scrollToIndex(next, { align: 'nearest' })
      try {
        const id = await conversationIdAt(qc, filter, next)
        if (id != null && cursorIndex.current === next) onCursor(id)
      } catch {
        // the page failed to load; its rows show the error
      }
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return
      const t = e.target
      const inList = t === document.body || t === null || (t instanceof Node && !!boxRef.current?.contains(t))
      // The shortcut table decides which keys mean what; arrow keys and
      // Enter only count when focus is not on another control.
      const action = actionFor(e)
      const arrowOrEnter = e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Enter'
      if (!action || (arrowOrEnter && !inList)) return
      if (action === 'next') {
        e.preventDefault()
        void move(1)
      } else if (action === 'prev') {
        e.preventDefault()
        void move(-1)
      } else if (action === 'open') {
        const id = latest.current.cursorId
        if (id != null) {
          e.preventDefault()
          latest.current.onOpen(id)
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [qc])

  if (first.isPending) {
    return (
      <div className="list-state" data-testid="conversation-list" aria-busy="true">
        Loading conversations…
      </div>
    )
  }
  if (first.isError) {
    return (
      <div className="list-state list-error" data-testid="conversation-list" role="alert">
        Could not load conversations: {errorMessage(first.error)}
      </div>
    )
  }
  if (total === 0) {
    return (
      <div className="list-state" data-testid="conversation-list">
        {emptyText}
      </div>
    )
  }
  return (
    <div className="list-box" ref={boxRef}>
      <VList
        key={`${filterKey}:${density}`}
        ref={listRef}
        data={data}
        itemSize={ROW_HEIGHT}
        bufferSize={ROW_HEIGHT * 6}
        className="conversation-list"
        data-testid="conversation-list"
        data-total={total}
        onScroll={onScroll}
        role="listbox"
        aria-label="Conversations"
        tabIndex={0}
      >
        {(_: unknown, index: number) => (
          <RowSlot
            key={index}
            filter={filter}
            index={index}
            showClient={showClient}
            cursorId={cursorId}
            openId={openId}
            onClick={handleClick}
            checked={checked}
            onToggle={onToggle}
            density={density}
          />
        )}
      </VList>
    </div>
  )
}
