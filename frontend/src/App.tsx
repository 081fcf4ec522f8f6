import './features/shell/shell.css'
import { useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Banners } from './features/shell/Banners'
import { RestoreBanner } from './features/data/RestoreBanner'
import { ConversationList } from './features/inbox/ConversationList'
import { ProblemScreen } from './features/shell/ProblemScreen'
import { NO_EXTRA } from './features/inbox/FilterBar'
import { InboxFilters } from './features/inbox/InboxFilters'
import { BulkBar } from './features/inbox/SavedViews'
import { NO_SEARCH_FILTERS, SearchPanel, type SearchFilters } from './features/search/SearchPanel'
import { applyExtra, useWorkbench } from './features/triage/Workbench'
import { Sidebar } from './features/sidebar/Sidebar'
import { DEFAULT_FILTER, toFilterDTO, type ListFilter, type Scope } from './lib/filter'
import { applyDelta, useConversationPage, useInfo, useSidebar } from './lib/queries'
import { countOf } from './lib/plural'
import { errorMessage, onInboxDelta, type FilterDTO, type SidebarDTO } from './lib/wails'
import { onOpenConversation, onOpenView } from './lib/wails/notifications'
import { copyDiagnostics, onMenuAction } from './lib/wails/desktop'
import { routeMenuAction, runEditCommand } from './lib/menuActions'
import { getDensity, setDensity } from './lib/density'
import type { ScopeForm } from './features/data/scope'

/** What the Data screen exports first. */
type DataScope = Partial<ScopeForm>

// Screens nobody sees at start load on demand, each its own chunk, so the
// entry bundle holds only the queue (vite.config.ts fails the build if one of
// them, or the libraries only they use — uPlot, the markdown parser — is
// pulled back into it). The open thread is one of them: at start none is open.
const DueSoon = lazy(() => import('./features/deadlines/DueSoon').then((m) => ({ default: m.DueSoon })))
const DeadlineSettings = lazy(() => import('./features/deadlines/DeadlineSettings').then((m) => ({ default: m.DeadlineSettings })))
const AboutDialog = lazy(() => import('./features/about/AboutDialog').then((m) => ({ default: m.AboutDialog })))
const VoiceSettings = lazy(() => import('./features/guide/VoiceSettings').then((m) => ({ default: m.VoiceSettings })))
const Reports = lazy(() => import('./features/reports/Reports').then((m) => ({ default: m.Reports })))
const DataScreen = lazy(() => import('./features/data/DataScreen').then((m) => ({ default: m.DataScreen })))
const Listening = lazy(() => import('./features/listening/Listening').then((m) => ({ default: m.Listening })))
const Onboarding = lazy(() => import('./features/shell/Onboarding').then((m) => ({ default: m.Onboarding })))
const Thread = lazy(() => import('./features/thread/Thread').then((m) => ({ default: m.Thread })))

/** What a lazy screen shows for the moment its chunk takes to arrive. */
function Loading({ className }: { className: string }) {
  return <div className={className} aria-busy="true" data-testid="screen-loading" />
}

function useInboxDeltas() {
  const qc = useQueryClient()
  useEffect(() => onInboxDelta((d) => applyDelta(qc, d)), [qc])
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms)
    return () => window.clearTimeout(t)
  }, [value, ms])
  return v
}

function scopeTitle(scope: Scope, sidebar: SidebarDTO | undefined): string {
  if (scope.kind === 'all') return 'All conversations'
  const client = sidebar?.clients.find((c) => c.id === scope.clientId)
  if (scope.kind === 'client') return client?.name ?? 'Client'
  const h = client?.handles.find((x) => x.id === scope.handleId)
  return h ? `${h.displayName || h.username}` : 'Handle'
}

function emptyText(f: ListFilter): string {
  if (f.unreadOnly) return 'No unread conversations here.'
  switch (f.status) {
    case 'open':
      return 'No open conversations — everyone has an answer.'
    case 'pending':
      return 'Nothing is waiting on customers.'
    case 'snoozed':
      return 'No snoozed conversations.'
    case 'resolved':
      return 'No resolved conversations yet.'
    default:
      return 'No conversations yet.'
  }
}

function ListCount({ dto }: { dto: FilterDTO }) {
  const q = useConversationPage(dto, 0)
  if (!q.data) return null
  const n = q.data.total
  return (
    <span className="list-count" data-testid="list-count">
      {countOf(n, 'conversation', 'conversations')}
    </span>
  )
}

/** The filter the queue opens with: what main.tsx prefetches before the first render. */
export function startFilter(): FilterDTO {
  return applyExtra(toFilterDTO(DEFAULT_FILTER), NO_EXTRA)
}

/**
 * The window: the workspace, or — when it could not be opened (a damaged database, a read-only data folder) —
 * only why, in plain words, since nobody reads the terminal of an app started from a desktop.
 */
export default function App() {
  const info = useInfo()
  if (!info.data && !info.error) return null
  if (info.data?.problem) return <ProblemScreen problem={info.data.problem} />
  return <Workspace />
}

function Workspace() {
  useInboxDeltas()
  const info = useInfo()
  const sidebar = useSidebar()
  const [filter, setFilter] = useState<ListFilter>(DEFAULT_FILTER)
  const [cursorId, setCursorId] = useState<number | null>(null)
  const [openId, setOpenId] = useState<number | null>(null)
  const [view, setView] = useState<'inbox' | 'due' | 'settings' | 'reports' | 'voice' | 'data' | 'listening'>('inbox')
  // What the Data screen exports first (an open conversation, the search).
  const [dataScope, setDataScope] = useState<DataScope | undefined>(undefined)
  const openData = useCallback((scope?: DataScope) => {
    setDataScope(scope)
    setView('data')
  }, [])
  const [searchText, setSearchText] = useState('')
  const query = useDebounced(searchText.trim(), 250)
  const searchRef = useRef<HTMLInputElement>(null)

  const [focusMessage, setFocusMessage] = useState<number | null>(null)
  const [searchFilters, setSearchFilters] = useState<SearchFilters>(NO_SEARCH_FILTERS)

  const update = useCallback((patch: Partial<ListFilter>) => {
    setFilter((f) => ({ ...f, ...patch }))
    setCursorId(null)
  }, [])
  const openConversation = useCallback((id: number | null) => {
    setFocusMessage(null)
    setOpenId(id)
  }, [])
  // A click on a notification opens its conversation (app/notify_api.go).
  useEffect(
    () =>
      onOpenConversation((id) => {
        setView((v) => (v === 'due' ? v : 'inbox'))
        openConversation(id)
      }),
    [openConversation],
  )
  // A click on a spike alert opens the Listening view (backend/listen).
  useEffect(() => onOpenView((v) => setView(v)), [])
  const wb = useWorkbench({
    sidebar: sidebar.data,
    cursorId,
    openId,
    setOpenId,
    setFocusMessage,
    update,
    focusSearch: useCallback(() => searchRef.current?.focus(), []),
  })

  // The application menu (app/menu.go), routed by lib/menuActions.ts.
  const [aboutOpen, setAboutOpen] = useState(false)
  const [menuNote, setMenuNote] = useState<string | null>(null)
  const perform = wb.perform
  useEffect(
    () =>
      onMenuAction((action) => {
        const note = routeMenuAction(action, {
          settings: () => setView('settings'),
          data: () => openData(),
          guide: () => setView('voice'),
          shortcuts: () => perform('help'),
          about: () => setAboutOpen(true),
          toggleDensity: () => setDensity(getDensity() === 'compact' ? 'comfortable' : 'compact'),
          diagnostics: () =>
            void copyDiagnostics().then(
              () => setMenuNote('Diagnostics copied to the clipboard: no passwords, tokens or message text are in them.'),
              (e: unknown) => setMenuNote(errorMessage(e)),
            ),
          edit: runEditCommand,
        })
        if (note) setMenuNote(note)
      }),
    [perform, openData],
  )

  const dto = useMemo(() => applyExtra(toFilterDTO(filter), wb.extra), [filter, wb.extra])
  const filterKey = JSON.stringify(dto)

  // "/" focuses search; Escape clears it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null
      const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault()
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const handleCount = sidebar.data?.clients.reduce((n, c) => n + c.handles.length, 0) ?? 0
  const onboarding = sidebar.isSuccess && handleCount === 0
  const searching = searchText.trim() !== ''

  return (
    <div className="app">
      <Banners info={info.data} />
      <RestoreBanner onOpen={() => openData()} />
      {info.isError && (
        <div className="banner banner-warn" role="alert" data-testid="backend-banner">
          {errorMessage(info.error)}
        </div>
      )}
      <div className="app-body">
        <Sidebar
          sidebar={sidebar.data}
          error={sidebar.error}
          loading={sidebar.isPending}
          scope={filter.scope}
          onScope={(scope) => {
            update({ scope })
            setSearchText('')
          }}
          version={info.data?.version}
          onAbout={() => setAboutOpen(true)}
          // The settings-like screens sit in the sidebar: with Listening and
          // Data, seven segments no longer fit the list's header in one row.
          tools={
                  <div className="sidebar-tools" role="group" aria-label="Settings and data">
                    <button type="button" className="segment sidebar-tool" onClick={() => setView('settings')} data-testid="view-deadline-settings">
                      Deadlines…
                    </button>
                    <button type="button" className="segment sidebar-tool" onClick={() => setView('voice')} data-testid="view-voice-settings" title="Tone of voice, sign-offs and the best-practices guide">
                      Tone…
                    </button>
                    <button type="button" className="segment sidebar-tool" onClick={() => openData()} data-testid="view-data" title="Exports, backups and forgetting a customer">
                      Data…
                    </button>
                  </div>
          }
        />
        {onboarding && view !== 'settings' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <Onboarding sidebar={sidebar.data} onDeadlines={() => setView('settings')} />
          </Suspense>
        ) : view === 'settings' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <DeadlineSettings sidebar={sidebar.data} onClose={() => setView('inbox')} />
          </Suspense>
        ) : view === 'voice' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <VoiceSettings sidebar={sidebar.data} onClose={() => setView('inbox')} />
          </Suspense>
        ) : view === 'data' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <DataScreen sidebar={sidebar.data} initial={dataScope} onClose={() => setView('inbox')} />
          </Suspense>
        ) : view === 'listening' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <Listening
              sidebar={sidebar.data}
              onOpen={(id) => {
                openConversation(id)
                setView('inbox')
              }}
              onClose={() => setView('inbox')}
            />
          </Suspense>
        ) : view === 'reports' ? (
          <Suspense fallback={<Loading className="list-pane" />}>
            <Reports
              sidebar={sidebar.data}
              onOpen={(id) => {
                openConversation(id)
                setView('inbox')
              }}
              onSearch={(q) => {
                setSearchText(q)
                setView('inbox')
              }}
              onClose={() => setView('inbox')}
            />
          </Suspense>
        ) : (
          <>
            <section className={`list-pane${!searching && wb.selection.size > 0 ? ' list-pane-bulk' : ''}`} aria-label="Conversation list">
              <header className="list-head">
                <div className="list-title-row">
                  <h1 className="list-title">{scopeTitle(filter.scope, sidebar.data)}</h1>
                  {!searching && <ListCount dto={dto} />}
                </div>
                <input
                  ref={searchRef}
                  type="search"
                  className="search-input"
                  placeholder="Search all messages  /"
                  aria-label="Search all messages"
                  value={searchText}
                  onChange={(e) => setSearchText(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      setSearchText('')
                      e.currentTarget.blur()
                    }
                  }}
                  data-testid="search-input"
                />
                {/* Two groups that wrap as one: the views, then the settings-like
                    screens; seven segments in one row overflowed the list's header. */}
                <div className="view-bar">
                  <div className="view-tabs segmented" role="group" aria-label="View">
                    <button type="button" className="segment" aria-pressed={view === 'inbox'} onClick={() => setView('inbox')} data-testid="view-inbox">
                      Queue
                    </button>
                    <button type="button" className="segment" aria-pressed={view === 'due'} onClick={() => setView('due')} data-testid="view-due">
                      Due soon
                    </button>
                    <button type="button" className="segment" onClick={() => setView('reports')} data-testid="view-reports">
                      Reports
                    </button>
                    <button type="button" className="segment" onClick={() => setView('listening')} data-testid="view-listening" title="What people say about the brand without tagging a handle">
                      Listening
                    </button>
                  </div>
                  {searching && (
                    <button type="button" className="segment" onClick={() => openData({ kind: 'search', search: searchText.trim() })} data-testid="search-export">
                      Export results…
                    </button>
                  )}
                </div>
                {!searching && view === 'inbox' && (
                  <InboxFilters
                    filter={filter}
                    onFilter={update}
                    extra={wb.extra}
                    onExtra={(v) => {
                      wb.setExtra(v)
                      setCursorId(null)
                    }}
                    current={dto}
                    onApplyView={wb.applyView}
                  />
                )}
                {!searching && wb.selection.size > 0 && (
                  <BulkBar
                    count={wb.selection.size}
                    onClear={wb.clearSelection}
                    onAction={(a) =>
                      a === 'read' || a === 'unread' ? wb.run({ kind: 'unread', unread: a === 'unread' }) : wb.perform(a)
                    }
                  />
                )}
              </header>
              {searching ? (
                <SearchPanel
                  text={query}
                  handleId={filter.scope.kind === 'handle' ? filter.scope.handleId : 0}
                  filters={searchFilters}
                  onFilters={setSearchFilters}
                  sidebar={sidebar.data}
                  openId={openId}
                  onOpen={(id, messageId) => {
                    setFocusMessage(messageId)
                    setOpenId(id)
                  }}
                />
              ) : view === 'due' ? (
                <Suspense fallback={<Loading className="list-state" />}>
                  <DueSoon openId={openId} onOpen={setOpenId} />
                </Suspense>
              ) : (
                <ConversationList
                  filter={dto}
                  filterKey={filterKey}
                  showClient={filter.scope.kind === 'all'}
                  cursorId={cursorId}
                  openId={openId}
                  onCursor={setCursorId}
                  onOpen={openConversation}
                  emptyText={emptyText(filter)}
                  checked={wb.selection}
                  onToggle={wb.toggle}
                />
              )}
            </section>
            <div className="thread-pane">
              {openId != null ? (
                <Suspense fallback={<Loading className="thread-none" />}>
                  <Thread
                    key={openId}
                    id={openId}
                    focusMessageId={focusMessage}
                    onOpen={openConversation}
                    onCustomer={wb.setCustomerId}
                    onExport={(id) => openData({ kind: 'conversation', conversationId: id })}
                    moveRequest={wb.moveRequest}
                    onSnooze={() => wb.perform('snooze')}
                  />
                </Suspense>
              ) : (
                <div className="thread-none" data-testid="thread-none">
                  <p>Select a conversation to read it.</p>
                  <p className="hint">
                    <kbd>j</kbd> / <kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches, <kbd>?</kbd> lists every shortcut,{' '}
                    <kbd>Ctrl</kbd>+<kbd>K</kbd> opens the command palette.
                  </p>
                </div>
              )}
            </div>
          </>
        )}
      </div>
      <Suspense fallback={null}>{wb.overlays}</Suspense>
      {aboutOpen && (
        <Suspense fallback={null}>
          <AboutDialog onClose={() => setAboutOpen(false)} />
        </Suspense>
      )}
      {menuNote && (
        <div className="banner banner-info menu-note" role="status" data-testid="menu-note">
          {menuNote}{' '}
          <button type="button" className="btn" onClick={() => setMenuNote(null)}>
            OK
          </button>
        </div>
      )}
    </div>
  )
}
