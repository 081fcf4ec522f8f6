import './sidebar.css'
import { queryKeys } from '../../lib/queryKeys'
import { useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useState, type ReactNode } from 'react'
import type { Scope } from '../../lib/filter'
import { useNowSelect } from '../../lib/now'
import { networkInfo } from '../../lib/networks'
import { formatAgo, formatFull } from '../../lib/time'
import { Name } from '../../ui/Name'
import { errorMessage, type HandleDTO, type SidebarDTO } from '../../lib/wails'
import { removeHandle, syncNow } from '../../lib/wails/handles'
import { NotificationPause } from '../deadlines/NotificationPause'
import { NetworkBadge } from '../../ui/NetworkBadge'
import { BackfillPanel } from './BackfillPanel'

// The sign-in dialogs open on a click, never at start: each loads then.
const AddHandle = lazy(() => import('../handles/AddHandle').then((m) => ({ default: m.AddHandle })))
const UpdateSignIn = lazy(() => import('../handles/UpdateSignIn').then((m) => ({ default: m.UpdateSignIn })))
const ImportArchive = lazy(() => import('../import/ImportArchive').then((m) => ({ default: m.ImportArchive })))

interface Props {
  sidebar: SidebarDTO | undefined
  error: unknown
  loading: boolean
  scope: Scope
  onScope: (s: Scope) => void
  version?: string
  /** Opens About (version, start at login, Copy diagnostics, licences); the version line is its button. */
  onAbout?: () => void
  /** Buttons to the settings-like screens, shown above the handle footer. */
  tools?: ReactNode
}

function count(n: number): string {
  return n.toLocaleString()
}

function syncClass(state: string): string {
  switch (state) {
    case 'ok':
      return 'ok'
    case 'syncing':
      return 'syncing'
    case 'rate_limited':
      return 'warn'
    case 'auth_needed':
    case 'error':
      return 'error'
    default:
      return 'idle'
  }
}

function syncTitle(h: HandleDTO, now: number): string {
  const last = h.lastSyncAt ? `Last synced ${formatAgo(h.lastSyncAt, now)} (${formatFull(h.lastSyncAt)}).` : 'Never synced'
  const retry = h.retryAt > now ? ` Trying again at ${formatFull(h.retryAt)}.` : ''
  const backfill = h.backfill > 0 && h.backfill < 1 ? ` Loading history: ${Math.round(h.backfill * 100)} %.` : ''
  switch (h.syncState) {
    case 'syncing':
      return `Syncing now.${backfill} ${last}`
    case 'rate_limited':
      return `Paused by ${networkInfo(h.network).label} rate limits.${retry} ${last}`
    case 'auth_needed':
      return `Needs to be signed in again. ${last}${h.syncError ? ` ${h.syncError}` : ''}`
    case 'error':
      return `Sync error: ${h.syncError || 'unknown'}.${retry} ${last}`
    case 'ok':
      return `${last}${backfill}`
    default:
      return `Not syncing. ${last}`
  }
}

/** A count pill under the "Unread" column label of the section; nothing for 0. */
function Count({ n, kind }: { n: number; kind: 'unread' | 'open' }) {
  if (n <= 0) return null
  return (
    <span className={`count count-${kind}`} data-testid={`count-${kind}`} title={`${count(n)} ${kind}`} aria-label={`${count(n)} ${kind}`}>
      {count(n)}
    </span>
  )
}

/** "12 open · 3 unread": the same two numbers, in the same words, everywhere (store.OpenCountFilter). */
function countsText(open: number, unread: number): string {
  return `${count(open)} open · ${count(unread)} unread`
}

export function Sidebar({ sidebar, error, loading, scope, onScope, version, onAbout, tools }: Props) {
  // Rendered again on the minute only when a handle's status reads differently.
  const [, now] = useNowSelect((t) => (sidebar?.clients ?? []).flatMap((c) => c.handles.map((h) => syncTitle(h, t))).join('\n'))
  return (
    <nav className="sidebar" aria-label="Clients and handles" data-testid="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ✉
        </span>
        <span className="brand-name">Care Inbox</span>
      </div>
      <div className="sidebar-scroll">
        <button
          type="button"
          className="nav-item nav-all"
          aria-current={scope.kind === 'all' ? 'true' : undefined}
          onClick={() => onScope({ kind: 'all' })}
          data-testid="scope-all"
        >
          <span className="nav-all-text">
            <span className="nav-label">All conversations</span>
            {sidebar && (
              <span className="nav-sub" data-testid="all-counts">
                {countsText(sidebar.open, sidebar.unread)}
              </span>
            )}
          </span>
        </button>

        {loading && <div className="sidebar-note">Loading…</div>}
        {error != null && (
          <div className="sidebar-note sidebar-error" role="alert">
            {errorMessage(error)}
          </div>
        )}

        {sidebar && sidebar.clients.length > 0 && (
          <div className="sidebar-section">
            <span>Clients</span>
            <span className="sidebar-column" data-testid="unread-column">
              Unread
            </span>
          </div>
        )}
        {sidebar?.clients.map((c) => (
          <div className="client-group" key={c.id}>
            <button
              type="button"
              className="nav-item nav-client"
              aria-current={scope.kind === 'client' && scope.clientId === c.id ? 'true' : undefined}
              onClick={() => onScope({ kind: 'client', clientId: c.id })}
              data-testid="scope-client"
              data-id={c.id}
            >
              <span className="nav-all-text">
                <Name className="nav-label" text={c.name} />
                <span className="nav-sub" data-testid="client-counts">
                  {countsText(c.open, c.unread)}
                </span>
              </span>
            </button>
            {c.handles.length === 0 && <div className="sidebar-note nav-indent">No handles yet</div>}
            {c.handles.map((h) => (
              <button
                type="button"
                key={h.id}
                className="nav-item nav-handle"
                aria-current={scope.kind === 'handle' && scope.handleId === h.id ? 'true' : undefined}
                onClick={() => onScope({ kind: 'handle', clientId: c.id, handleId: h.id })}
                data-testid="scope-handle"
                data-id={h.id}
                title={`${h.displayName}${h.username ? ` (${h.username})` : ''} on ${networkInfo(h.network).label}: ${countsText(h.open, h.unread)}`}
              >
                <NetworkBadge network={h.network} size="sm" />
                <Name className="nav-label" text={h.displayName || h.username} />
                <span className="nav-counts">
                  <Count n={h.unread} kind="unread" />
                  <span
                    className={`sync-dot sync-${syncClass(h.syncState)}`}
                    title={syncTitle(h, now)}
                    aria-label={syncTitle(h, now)}
                    role="img"
                    data-testid="sync-dot"
                  />
                </span>
              </button>
            ))}
          </div>
        ))}
      </div>
      {tools}
      <NotificationPause />
      <HandleFooter sidebar={sidebar} scope={scope} onScope={onScope} />
      {version && (
        <button
          type="button"
          className="brand-version"
          data-testid="app-version"
          title={`Care Inbox ${version}: About, start at login, Copy diagnostics`}
          onClick={onAbout}
          disabled={!onAbout}
        >
          Version {version}
        </button>
      )}
    </nav>
  )
}

/** Connect a handle; for the selected handle: its health in words, Sync now, Remove. */
function HandleFooter({ sidebar, scope, onScope }: Pick<Props, 'sidebar' | 'scope' | 'onScope'>) {
  const [adding, setAdding] = useState(false)
  const [signingIn, setSigningIn] = useState(false)
  const [importing, setImporting] = useState<number | null>(null)
  const [error, setError] = useState('')
  const qc = useQueryClient()
  const clients = sidebar?.clients ?? []
  const handle =
    scope.kind === 'handle'
      ? clients.flatMap((c) => c.handles).find((h) => h.id === scope.handleId)
      : undefined
  const [, now] = useNowSelect((t) => (handle ? syncTitle(handle, t) : ''))
  const run = (fn: () => Promise<void>) => {
    setError('')
    fn()
      .then(() => qc.invalidateQueries({ queryKey: queryKeys.sidebar }))
      .catch((e) => setError(errorMessage(e)))
  }
  return (
    <div className="sidebar-footer" data-testid="handle-footer">
      {handle && (
        <div className="handle-health" data-testid="handle-health">
          <div className="hint" data-testid="handle-status">{syncTitle(handle, now)}</div>
          {handle.syncError && <div className="inline-error">{handle.syncError}</div>}
          <BackfillPanel handleId={handle.id} />
          <div className="handle-actions">
            <button type="button" className="btn btn-small" onClick={() => run(() => syncNow(handle.id))} data-testid="sync-now">
              Sync now
            </button>
            <button
              type="button"
              className={handle.syncState === 'auth_needed' ? 'btn btn-small btn-primary' : 'btn btn-small'}
              onClick={() => setSigningIn(true)}
              data-testid="update-signin"
            >
              Sign in again…
            </button>
            <button type="button" className="btn btn-small" onClick={() => setImporting(handle.id)} data-testid="import-archive-open">
              Import archive…
            </button>
            <button
              type="button"
              className="btn btn-small"
              data-testid="remove-handle"
              onClick={() => {
                if (window.confirm(`Remove ${handle.displayName}? Its synced conversations and saved sign-in are deleted.`)) {
                  run(async () => {
                    await removeHandle(handle.id)
                    onScope({ kind: 'all' })
                  })
                }
              }}
            >
              Remove
            </button>
          </div>
        </div>
      )}
      {error && <div className="inline-error">{error}</div>}
      {clients.length > 0 && (
        <button type="button" className="btn" onClick={() => setAdding(true)} data-testid="sidebar-add-handle">
          + Connect a handle
        </button>
      )}
      <Suspense fallback={null}>
        {signingIn && handle && <UpdateSignIn handle={handle} onClose={() => setSigningIn(false)} />}
        {handle && importing === handle.id && <ImportArchive handle={handle} onClose={() => setImporting(null)} />}
        {adding && (
          <AddHandle
            clients={clients}
            defaultClientId={scope.kind !== 'all' ? scope.clientId : undefined}
            onClose={() => setAdding(false)}
          />
        )}
      </Suspense>
    </div>
  )
}
