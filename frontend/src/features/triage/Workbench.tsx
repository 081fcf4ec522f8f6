// Keyboard-first triage around the list and the thread: the shortcut
// dispatcher (driven by lib/shortcuts), bulk selection, the snooze/tag
// dialogs, help overlay, command palette and customer view.
import { useQueryClient } from '@tanstack/react-query'
import { lazy, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ListFilter, Scope } from '../../lib/filter'
import { queryKeys } from '../../lib/queryKeys'
import { actionFor, displayKey, SHORTCUTS, type Action } from '../../lib/shortcuts'
import { useBulk, useViews, type BulkAction } from '../../lib/triageQueries'
import { ConversationStatus, type ConversationDetailDTO, type FilterDTO, type SavedViewDTO, type SidebarDTO } from '../../lib/wails'
import { NO_EXTRA, PUBLIC_CLOSE_FILTER, type ExtraFilter } from '../inbox/FilterBar'
import { sentimentChoice, sentimentFilter } from '../inbox/moods'
import type { Command } from './Overlays'

// The overlays open on a key, never at start: each loads with its first use
// (App.tsx renders them inside a Suspense boundary).
const loadOverlays = () => import('./Overlays')
const HelpOverlay = lazy(() => loadOverlays().then((m) => ({ default: m.HelpOverlay })))
const CommandPalette = lazy(() => loadOverlays().then((m) => ({ default: m.CommandPalette })))
const SnoozeDialog = lazy(() => loadOverlays().then((m) => ({ default: m.SnoozeDialog })))
const TagDialog = lazy(() => loadOverlays().then((m) => ({ default: m.TagDialog })))
const CustomerView = lazy(() => import('../thread/CustomerView').then((m) => ({ default: m.CustomerView })))

type Overlay = null | 'help' | 'palette' | 'snooze' | 'tag'

interface Options {
  sidebar: SidebarDTO | undefined
  cursorId: number | null
  openId: number | null
  setOpenId: (id: number | null) => void
  setFocusMessage: (id: number | null) => void
  update: (patch: Partial<ListFilter>) => void
  focusSearch: () => void
}

export function applyExtra(dto: FilterDTO, extra: ExtraFilter): FilterDTO {
  return {
    ...dto,
    network: extra.network || dto.network,
    tags: extra.tag ? [extra.tag] : [],
    deadlineStates: extra.deadline && extra.deadline !== PUBLIC_CLOSE_FILTER ? [extra.deadline] : [],
    publicClosePending: extra.deadline === PUBLIC_CLOSE_FILTER,
    ...sentimentFilter(extra.sentiment),
  }
}

function clickTestId(id: string) {
  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  el?.click()
  return !!el
}

function focusTestId(id: string) {
  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  el?.focus()
  return !!el
}

export function useWorkbench({ sidebar, cursorId, openId, setOpenId, setFocusMessage, update, focusSearch }: Options) {
  const qc = useQueryClient()
  const bulk = useBulk()
  const views = useViews()
  const [extra, setExtra] = useState<ExtraFilter>(NO_EXTRA)
  const [selection, setSelection] = useState<ReadonlySet<number>>(new Set())
  const [overlay, setOverlay] = useState<Overlay>(null)
  const [customerId, setCustomerId] = useState<number | null>(null)
  const [moveRequest, setMoveRequest] = useState(0)

  const targets = useCallback((): number[] => {
    if (selection.size > 0) return [...selection]
    const id = openId ?? cursorId
    return id != null ? [id] : []
  }, [selection, openId, cursorId])

  const run = useCallback(
    (action: BulkAction) => {
      const ids = targets()
      if (ids.length === 0) return
      bulk.mutate({ ids, action })
    },
    [targets, bulk],
  )

  const toggle = useCallback((id: number) => {
    setSelection((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })
  }, [])

  const openDetail = (): ConversationDetailDTO | undefined =>
    openId != null ? qc.getQueryData<ConversationDetailDTO>(queryKeys.conversation(openId)) : undefined

  const switchClient = useCallback(
    (n: number) => {
      const c = sidebar?.clients[n - 1]
      const scope: Scope = n === 0 || !c ? { kind: 'all' } : { kind: 'client', clientId: c.id }
      update({ scope })
      setSelection(new Set())
    },
    [sidebar, update],
  )

  const applyView = useCallback(
    (v: SavedViewDTO) => {
      const f = v.filter
      const scope: Scope = f.handleId
        ? { kind: 'handle', clientId: f.clientId, handleId: f.handleId }
        : f.clientId
          ? { kind: 'client', clientId: f.clientId }
          : { kind: 'all' }
      const st = f.statuses?.[0]
      update({ scope, status: st === 'open' || st === 'pending' || st === 'snoozed' || st === 'resolved' ? st : 'all', unreadOnly: !!f.unreadOnly })
      setExtra({
        network: f.network || '',
        tag: f.tags?.[0] || '',
        deadline: f.publicClosePending ? PUBLIC_CLOSE_FILTER : f.deadlineStates?.[0] || '',
        sentiment: sentimentChoice(f),
      })
      setSelection(new Set())
    },
    [update],
  )

  const perform = useCallback(
    (a: Action) => {
      switch (a) {
        case 'help':
          return setOverlay('help')
        case 'palette':
          return setOverlay('palette')
        case 'search':
          return focusSearch()
        case 'next':
        case 'prev':
        case 'open':
          return // the list moves its own cursor (ConversationList)
        case 'reply':
          return focusTestId('composer-input')
        case 'note':
          // The note box is collapsed until used: open it (it focuses itself).
          return focusTestId('note-input') || clickTestId('note-open')
        case 'resolve':
          return run({ kind: 'status', status: ConversationStatus.Resolved })
        case 'pending':
          return run({ kind: 'status', status: ConversationStatus.Pending })
        case 'reopen':
          return run({ kind: 'status', status: ConversationStatus.Open })
        case 'snooze':
          return targets().length > 0 && setOverlay('snooze')
        case 'tag':
          return targets().length > 0 && setOverlay('tag')
        case 'toggleUnread': {
          const d = openDetail()
          return run({ kind: 'unread', unread: selection.size > 0 ? true : !(d && d.conversation.unread > 0) })
        }
        case 'select': {
          const id = cursorId ?? openId
          return id != null && toggle(id)
        }
        case 'selectNone':
          return setSelection(new Set())
        case 'customer': {
          const cid = openDetail()?.conversation.customerId
          return cid && setCustomerId(cid)
        }
        case 'moveToPrivate':
          return openId != null && setMoveRequest((n) => n + 1)
        case 'allClients':
          return switchClient(0)
        default:
          if (a.startsWith('client')) switchClient(Number(a.slice(6)))
      }
    },
    // openDetail reads the cache at call time
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [focusSearch, run, targets, selection, cursorId, openId, toggle, switchClient],
  )

  const latest = useRef(perform)
  latest.current = perform
  const overlayOpen = useRef(false)
  overlayOpen.current = overlay !== null || customerId !== null

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return
      const a = actionFor(e)
      if (!a || a === 'next' || a === 'prev' || a === 'open') return
      // Behind a dialog only the palette toggle counts; the dialog has the keys.
      if (overlayOpen.current && a !== 'palette') return
      e.preventDefault()
      latest.current(a)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const commands = useMemo<Command[]>(() => {
    const out: Command[] = SHORTCUTS.filter((s) => !['palette', 'next', 'prev', 'open'].includes(s.action) && !s.action.startsWith('client')).map((s) => ({
      id: s.action,
      label: s.label,
      hint: displayKey(s.keys[0]),
      run: () => perform(s.action),
    }))
    out.push({ id: 'all-clients', label: 'Switch to all clients', hint: '0', run: () => switchClient(0) })
    sidebar?.clients.forEach((c, i) =>
      out.push({ id: `client-${c.id}`, label: `Switch to client ${c.name}`, hint: i < 9 ? String(i + 1) : undefined, run: () => switchClient(i + 1) }),
    )
    views.data?.forEach((v) => out.push({ id: `view-${v.id}`, label: `Open view ${v.name}`, run: () => applyView(v) }))
    return out
  }, [perform, switchClient, sidebar, views.data, applyView])

  const count = targets().length
  const current = openDetail()?.conversation.tags ?? []
  let overlays: ReactNode = null
  if (overlay === 'help') overlays = <HelpOverlay onClose={() => setOverlay(null)} />
  else if (overlay === 'palette') overlays = <CommandPalette commands={commands} onClose={() => setOverlay(null)} />
  else if (overlay === 'snooze')
    overlays = (
      <SnoozeDialog
        count={count}
        now={Date.now()}
        onClose={() => setOverlay(null)}
        onPick={(at) => {
          run({ kind: 'status', status: ConversationStatus.Snoozed, snoozedUntil: at })
          setOverlay(null)
        }}
      />
    )
  else if (overlay === 'tag')
    overlays = (
      <TagDialog
        count={count}
        current={selection.size > 0 ? [] : current}
        onClose={() => setOverlay(null)}
        onTag={(name) => {
          run({ kind: 'tag', name })
          setOverlay(null)
        }}
        onUntag={(name) => run({ kind: 'untag', name })}
      />
    )
  if (customerId != null)
    overlays = (
      <>
        {overlays}
        <CustomerView
          id={customerId}
          onClose={() => setCustomerId(null)}
          onOpen={(id) => {
            setFocusMessage(null)
            setOpenId(id)
          }}
        />
      </>
    )

  return {
    extra,
    setExtra,
    selection,
    toggle,
    clearSelection: () => setSelection(new Set()),
    perform,
    run,
    applyView,
    moveRequest,
    setCustomerId,
    bulkError: bulk.error,
    overlays,
  }
}
