import './search.css'
import { useEffect, useMemo, useState } from 'react'
import { NETWORK_ORDER, networkInfo, statusLabel } from '../../lib/networks'
import { useNow } from '../../lib/now'
import { useFilteredSearch, useTags } from '../../lib/triageQueries'
import { formatFull, formatTimestamp } from '../../lib/time'
import { errorMessage, type SearchQueryDTO, type SearchResultsDTO, type SidebarDTO } from '../../lib/wails'
import { SnippetText } from './SnippetText'

export interface SearchFilters {
  clientId: number
  network: string
  status: string
  tag: string
  author: string
  from: string // yyyy-mm-dd
  to: string
  relevance: boolean // best match first instead of newest first
}

export const NO_SEARCH_FILTERS: SearchFilters = {
  clientId: 0,
  network: '',
  status: '',
  tag: '',
  author: '',
  from: '',
  to: '',
  relevance: false,
}

/** The count line above the results, in words: how many matched and, for best match, whether only the newest were ranked. */
export function searchSummary(
  r: Pick<SearchResultsDTO, 'matches' | 'moreMatches' | 'bounded' | 'candidates'> & Partial<Pick<SearchResultsDTO, 'prefixBounded' | 'prefixTerms'>>,
  shown: number,
): string {
  const n = r.matches.toLocaleString()
  let s = r.moreMatches ? `More than ${n} matches` : `${n} ${r.matches === 1 ? 'match' : 'matches'}`
  if (shown < r.matches) s += ` · showing ${shown.toLocaleString()}`
  if (r.bounded) s += ` · best match among the newest ${r.candidates.toLocaleString()} of each kind`
  if (r.prefixBounded) s += ` · the word being typed matched only its ${r.prefixTerms ? `${r.prefixTerms} ` : ''}most common completions`
  return s
}

const KIND_LABEL: Record<string, string> = { subject: 'Subject', note: 'Note' }

function day(s: string, plus = 0): number {
  if (!s) return 0
  const [y, m, d] = s.split('-').map(Number)
  return new Date(y, m - 1, d + plus).getTime()
}

export function toSearchQuery(text: string, f: SearchFilters, handleId: number): SearchQueryDTO {
  return {
    text,
    author: f.author.trim(),
    clientId: f.clientId,
    handleId,
    network: f.network,
    statuses: f.status ? [f.status] : [],
    tag: f.tag,
    from: day(f.from),
    to: day(f.to, 1),
    relevance: f.relevance,
    limit: 100,
  }
}

interface Props {
  text: string
  handleId: number
  filters: SearchFilters
  onFilters: (f: SearchFilters) => void
  sidebar: SidebarDTO | undefined
  openId: number | null
  onOpen: (conversationId: number, messageId: number) => void
}

/** Search results with filters; a hit opens its conversation at the message. */
export function SearchPanel({ text, handleId, filters, onFilters, sidebar, openId, onOpen }: Props) {
  const now = useNow()
  const tags = useTags()
  const [debounced, setDebounced] = useState(filters.author)
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(filters.author), 250)
    return () => window.clearTimeout(t)
  }, [filters.author])
  const query = useMemo(() => toSearchQuery(text, { ...filters, author: debounced }, handleId), [text, filters, debounced, handleId])
  const q = useFilteredSearch(query)
  const set = (patch: Partial<SearchFilters>) => onFilters({ ...filters, ...patch })
  return (
    <div className="search-panel">
      <div className="search-filters" data-testid="search-filters">
        <select aria-label="Client" value={filters.clientId} onChange={(e) => set({ clientId: Number(e.target.value) })} data-testid="search-client">
          <option value={0}>All clients</option>
          {sidebar?.clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select aria-label="Network" value={filters.network} onChange={(e) => set({ network: e.target.value })} data-testid="search-network">
          <option value="">All networks</option>
          {NETWORK_ORDER.map((n) => (
            <option key={n} value={n}>
              {networkInfo(n).label}
            </option>
          ))}
        </select>
        <select aria-label="Status" value={filters.status} onChange={(e) => set({ status: e.target.value })} data-testid="search-status">
          <option value="">Any status</option>
          {['open', 'pending', 'snoozed', 'resolved'].map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
        <select aria-label="Tag" value={filters.tag} onChange={(e) => set({ tag: e.target.value })} data-testid="search-tag">
          <option value="">Any tag</option>
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Order"
          value={filters.relevance ? 'relevance' : 'newest'}
          onChange={(e) => set({ relevance: e.target.value === 'relevance' })}
          data-testid="search-order"
        >
          <option value="newest">Newest first</option>
          <option value="relevance">Best match</option>
        </select>
        <input type="text" placeholder="Author" aria-label="Author" value={filters.author} onChange={(e) => set({ author: e.target.value })} data-testid="search-author" />
        <label>
          From <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} data-testid="search-from" />
        </label>
        <label>
          to <input type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} data-testid="search-to" />
        </label>
      </div>
      {text.trim().length < 2 && query.author.length < 2 ? (
        <div className="list-state">Type at least two characters to search every message.</div>
      ) : q.isPending ? (
        <div className="list-state" aria-busy="true">
          Searching…
        </div>
      ) : q.isError ? (
        <div className="list-state list-error" role="alert">
          Search failed: {errorMessage(q.error)}
        </div>
      ) : q.data.hits.length === 0 ? (
        <div className="list-state" data-testid="search-empty">
          No messages, subjects or notes match.
        </div>
      ) : (
        <>
        <div className="search-count" role="status" data-testid="search-count" data-bounded={q.data.bounded}>
          {searchSummary(q.data, q.data.hits.length)}
        </div>
        <ul className="search-results" data-testid="search-results" aria-label="Search results">
          {q.data.hits.map((h) => (
            <li key={`${h.kind}-${h.messageId || h.noteId || h.conversationId}`}>
              <button
                type="button"
                className={`search-hit${h.conversationId === openId ? ' search-hit-open' : ''}`}
                onClick={() => onOpen(h.conversationId, h.messageId)}
                data-testid="search-hit"
                data-conversation-id={h.conversationId}
                data-message-id={h.messageId}
                data-network={h.network}
                data-kind={h.kind}
              >
                <span className="search-hit-head">
                  {KIND_LABEL[h.kind] && <span className="search-hit-kind">{KIND_LABEL[h.kind]}</span>}
                  <span className="search-hit-author">{h.authorName}</span>
                  <span className="search-hit-where">
                    {networkInfo(h.network).label} · {h.handleName} · {h.clientName} · {statusLabel(h.status)}
                  </span>
                  <time title={formatFull(h.sentAt)}>{formatTimestamp(h.sentAt, now)}</time>
                </span>
                <span className="search-hit-snippet" data-testid="search-snippet">
                  <SnippetText snippet={h.snippet} />
                </span>
              </button>
            </li>
          ))}
        </ul>
        </>
      )}
    </div>
  )
}
