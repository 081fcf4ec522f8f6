import { useNow } from '../lib/now'
import { useSearch } from '../lib/queries'
import { formatFull, formatTimestamp } from '../lib/time'
import { errorMessage } from '../lib/wails'
import { SnippetText } from './SnippetText'

export function SearchResults({ query, openId, onOpen }: { query: string; openId: number | null; onOpen: (id: number) => void }) {
  const now = useNow()
  const q = useSearch(query)
  if (query.trim().length < 2) {
    return <div className="list-state">Type at least two characters to search every message.</div>
  }
  if (q.isPending) return <div className="list-state" aria-busy="true">Searching…</div>
  if (q.isError) {
    return (
      <div className="list-state list-error" role="alert">
        Search failed: {errorMessage(q.error)}
      </div>
    )
  }
  if (q.data.length === 0) return <div className="list-state">No messages match “{query.trim()}”.</div>
  return (
    <ul className="search-results" data-testid="search-results" aria-label="Search results">
      {q.data.map((h) => (
        <li key={h.messageId}>
          <button
            type="button"
            className={`search-hit${h.conversationId === openId ? ' search-hit-open' : ''}`}
            onClick={() => onOpen(h.conversationId)}
            data-testid="search-hit"
            data-conversation-id={h.conversationId}
          >
            <span className="search-hit-head">
              <span className="search-hit-author">{h.authorName}</span>
              <time title={formatFull(h.sentAt)}>{formatTimestamp(h.sentAt, now)}</time>
            </span>
            <span className="search-hit-snippet" data-testid="search-snippet">
              <SnippetText snippet={h.snippet} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}
