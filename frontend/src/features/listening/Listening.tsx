import './listening.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, Network, type ListenSearchDTO, type ListenSearchInput, type SidebarDTO } from '../../lib/wails'
import {
  deleteListenSearch,
  listenMutes,
  listenResults,
  listenSearches,
  listenTrending,
  markListenHandled,
  muteListenAuthor,
  muteListenWord,
  replyToListenResult,
  saveListenSearch,
  unmuteListen,
  type ListenOrder,
} from '../../lib/wails/listen'
import { Name } from '../../ui/Name'
import { ProactivePolicy } from './ProactivePolicy'
import { ResultRow } from './ResultRow'
import { SearchForm } from './SearchForm'
import { Spikes } from './Spikes'
import { Sparkline } from './Sparkline'

interface Props {
  sidebar: SidebarDTO | undefined
  /** Opens a conversation (one a reply just made) in the inbox. */
  onOpen: (conversationId: number) => void
  onClose: () => void
}

/** A search whose sources have not all run yet is polled closely, so its first results show within seconds. */
function pending(searches: ListenSearchDTO[] | undefined): boolean {
  return (searches ?? []).some((s) => s.sources.some((src) => src.lastRunAt === 0))
}

/**
 * The Listening view (issue 16): what people say about a client's brand on
 * Mastodon, Bluesky and feeds without addressing its handles. Separate from
 * the queue: a result enters it only when answered.
 */
export function Listening({ sidebar, onOpen, onClose }: Props) {
  const clients = sidebar?.clients ?? []
  const [clientPick, setClientPick] = useState(0)
  // By default the first client with a handle that can search.
  const searching = clients.find((c) => c.handles.some((h) => h.network === Network.Mastodon || h.network === Network.Bluesky))
  const clientId = clientPick || searching?.id || clients[0]?.id || 0
  const handleNames = new Map(clients.flatMap((c) => c.handles.map((h) => [h.id, h.displayName || h.username] as const)))
  const [searchId, setSearchId] = useState(0)
  const [order, setOrder] = useState<ListenOrder>('newest')
  const [editing, setEditing] = useState<ListenSearchDTO | 'new' | null>(null)
  const [word, setWord] = useState('')
  const [days, setDays] = useState(7)
  const qc = useQueryClient()
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.listen })

  const searches = useQuery({
    queryKey: queryKeys.listenSearches(clientId),
    queryFn: () => listenSearches(clientId),
    enabled: clientId !== 0,
    refetchInterval: (q) => (pending(q.state.data) ? 1000 : 30_000),
  })
  const waiting = pending(searches.data)
  const results = useQuery({
    queryKey: queryKeys.listenResults(clientId, searchId, order),
    queryFn: () => listenResults(clientId, searchId, order),
    enabled: clientId !== 0,
    refetchInterval: waiting ? 1000 : 30_000,
  })
  const mutes = useQuery({ queryKey: queryKeys.listenMutes(clientId), queryFn: () => listenMutes(clientId), enabled: clientId !== 0 })
  const trending = useQuery({
    queryKey: queryKeys.listenTrending(clientId, searchId, days),
    queryFn: () => listenTrending(clientId, searchId, days),
    enabled: clientId !== 0,
  })

  const save = useMutation({
    mutationFn: (input: ListenSearchInput) => saveListenSearch(input),
    onSuccess: (s) => {
      setEditing(null)
      setSearchId(s.id)
      void refresh()
    },
  })
  const remove = useMutation({ mutationFn: (id: number) => deleteListenSearch(id), onSuccess: () => (setSearchId(0), void refresh()) })
  const act = useMutation({
    mutationFn: async (a: { kind: 'reply' | 'handled' | 'mute-author'; id: number; handled?: boolean }) => {
      if (a.kind === 'reply') return replyToListenResult(a.id)
      if (a.kind === 'handled') await markListenHandled(a.id, !a.handled)
      else await muteListenAuthor(a.id)
      return 0
    },
    onSuccess: (conversationId) => {
      void refresh()
      if (conversationId) {
        void qc.invalidateQueries({ queryKey: queryKeys.conversations })
        onOpen(conversationId)
      }
    },
  })
  const mute = useMutation({
    mutationFn: (w: string) => muteListenWord(clientId, w),
    onSuccess: () => (setWord(''), void refresh()),
  })
  const unmute = useMutation({ mutationFn: (m: { kind: string; value: string }) => unmuteListen(clientId, m.kind, m.value), onSuccess: () => void refresh() })

  const now = Date.now()
  const list = searches.data ?? []
  const error = act.error ?? mute.error ?? remove.error ?? unmute.error
  return (
    <section className="listen-pane" data-testid="listening" aria-label="Listening" aria-busy={searches.isFetching || results.isFetching}>
      <div className="listen-head">
        <h1>Listening</h1>
        <label>
          Client{' '}
          <select
            value={clientId}
            onChange={(e) => {
              setClientPick(Number(e.target.value))
              setSearchId(0)
              setEditing(null)
            }}
            data-testid="listen-client"
          >
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <span className="listen-spacer" />
        <button type="button" onClick={onClose} data-testid="listen-close">
          Back to the inbox
        </button>
      </div>
      <p className="listen-note">What people say about the brand without tagging its handles. Results stay here; a reply makes one a conversation in the queue.</p>
      {clientId !== 0 && <ProactivePolicy clientId={clientId} />}
      {error && (
        <p className="listen-error" role="alert" data-testid="listen-error">
          {errorMessage(error)}
        </p>
      )}
      <div className="listen-body">
        <aside className="listen-searches" aria-label="Searches">
          <button type="button" onClick={() => setEditing('new')} data-testid="listen-new">
            New search
          </button>
          <ul>
            <li>
              <button type="button" className="listen-search" aria-pressed={searchId === 0} onClick={() => setSearchId(0)}>
                All searches
              </button>
            </li>
            {list.map((s) => (
              <li key={s.id} data-testid="listen-search" data-search-id={s.id}>
                <button type="button" className="listen-search" aria-pressed={searchId === s.id} onClick={() => setSearchId(s.id)}>
                  <Name text={s.name} />
                  <Sparkline values={s.hourly} />
                </button>
                <ul className="listen-sources">
                  {s.sources.map((src) => (
                    <li key={src.source} className={src.lastError ? 'listen-source-error' : ''} data-testid="listen-source">
                      <Name text={src.kind === 'feed' ? src.feedUrl : `${src.handleName} (${src.network})`} />
                      {src.lastRunAt === 0 && !src.lastError && <span className="listen-muted"> · searching…</span>}
                      {src.lastError && <span className="listen-source-msg"> · {src.lastError}</span>}
                      {src.note && <span className="listen-source-msg" data-testid="listen-source-note"> · {src.note}</span>}
                    </li>
                  ))}
                  {s.sources.length === 0 && <li className="listen-muted">No source: connect a Mastodon or Bluesky handle, or add a feed.</li>}
                </ul>
                {searchId === s.id && (
                  <div className="listen-search-actions">
                    <button type="button" onClick={() => setEditing(s)} data-testid="listen-edit">
                      Edit
                    </button>
                    <button type="button" onClick={() => remove.mutate(s.id)} data-testid="listen-delete">
                      Delete
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
          <form
            className="listen-mute-word"
            onSubmit={(e) => {
              e.preventDefault()
              if (word.trim()) mute.mutate(word.trim())
            }}
          >
            <label>
              Mute a word{' '}
              <input value={word} onChange={(e) => setWord(e.target.value)} placeholder="e.g. giveaway" data-testid="listen-mute-word" />
            </label>
            <button type="submit" disabled={!word.trim()} data-testid="listen-mute-word-go">
              Mute
            </button>
          </form>
          {(mutes.data ?? []).length > 0 && (
            <ul className="listen-mutes" aria-label="Muted">
              {(mutes.data ?? []).map((m) => (
                <li key={`${m.kind}:${m.value}`} data-testid="listen-mute">
                  {m.kind === 'word' ? 'Word' : 'Author'} <Name text={m.value} />{' '}
                  <button type="button" onClick={() => unmute.mutate(m)} aria-label={`Unmute ${m.value}`}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <div className="listen-main">
          {editing !== null && (
            <SearchForm
              key={editing === 'new' ? 'new' : editing.id}
              clientId={clientId}
              search={editing === 'new' ? undefined : editing}
              saving={save.isPending}
              error={save.error ? errorMessage(save.error) : null}
              onSave={(input) => save.mutate(input)}
              onCancel={() => (setEditing(null), save.reset())}
            />
          )}
          <Spikes clientId={clientId} now={now} onShow={setSearchId} />
          <div className="listen-trending" data-testid="listen-trending">
            <span>Trending</span>{' '}
            <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Trending period">
              <option value={1}>today vs yesterday</option>
              <option value={7}>this week vs last</option>
              <option value={30}>30 days vs the 30 before</option>
            </select>{' '}
            {(trending.data ?? []).length === 0 ? (
              <span className="listen-muted">nothing rising yet</span>
            ) : (
              (trending.data ?? []).map((t) => (
                <span key={t.display} className="listen-term" title={`${t.count} posts, ${t.previous} the period before`}>
                  <Name text={t.display} /> {t.count}
                </span>
              ))
            )}
          </div>
          <div className="listen-order segmented" role="group" aria-label="Order">
            <button type="button" className="segment" aria-pressed={order === 'newest'} onClick={() => setOrder('newest')}>
              Newest
            </button>
            <button type="button" className="segment" aria-pressed={order === 'reach'} onClick={() => setOrder('reach')} data-testid="listen-by-reach">
              By reach
            </button>
          </div>
          {results.isError && <p className="listen-error">{errorMessage(results.error)}</p>}
          {results.data && results.data.length === 0 && (
            <p className="listen-muted" data-testid="listen-empty">
              {list.length === 0 ? 'Add a search to start listening.' : waiting ? 'Searching…' : 'Nothing found yet (muted and handled posts are hidden).'}
            </p>
          )}
          <ul className="listen-results" data-testid="listen-results">
            {(results.data ?? []).map((r) => (
              <ResultRow
                key={r.id}
                result={r}
                handleName={handleNames.get(r.handleId) ?? ''}
                now={now}
                busy={act.isPending}
                onReply={() => act.mutate({ kind: 'reply', id: r.id })}
                onHandled={() => act.mutate({ kind: 'handled', id: r.id, handled: r.handled })}
                onMuteAuthor={() => act.mutate({ kind: 'mute-author', id: r.id })}
              />
            ))}
          </ul>
        </div>
      </div>
    </section>
  )
}
