import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { networkInfo } from '../../lib/networks'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage, type InsightTermDTO } from '../../lib/wails'
import { insights, type ReportScope } from '../../lib/wails/reports'
import type { Days } from './periods'

interface Props {
  scope: ReportScope
  days: Days
  /** Opens the inbox search with this query. */
  onSearch: (query: string) => void
}

/**
 * What customers wrote about (issue 11): terms and phrases rising against the
 * previous period, top tags, recurring issues and the customers who wrote
 * most. Each term and issue opens a search. Words of private messages are
 * read only when asked. Everything here is customer text: React text only,
 * each in <bdi> so a right-to-left term does not reorder the line around it.
 */
export function Insights({ scope, days, onSearch }: Props) {
  const [includePrivate, setIncludePrivate] = useState(false)
  const q = useQuery({
    queryKey: queryKeys.insights(scope, days.from, days.to, includePrivate),
    queryFn: () => insights(scope, days.from, days.to, includePrivate),
  })
  const d = q.data
  return (
    <section className="report-insights" data-testid="report-insights" aria-labelledby="report-insights-title" aria-busy={q.isFetching}>
      <div className="report-section-head">
        <h2 id="report-insights-title">Insights</h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={includePrivate}
            onChange={(e) => setIncludePrivate(e.target.checked)}
            data-testid="report-insights-private"
          />
          Include words from private messages (and e-mail)
        </label>
      </div>
      {q.isError && (
        <div className="reports-empty" role="alert">
          {errorMessage(q.error)}
        </div>
      )}
      {q.isPending && <div className="reports-empty">Reading the messages…</div>}
      {d && (
        <>
          <p className="reports-note" data-testid="report-insights-read">
            Read {d.messagesRead.toLocaleString()} {d.messagesRead === 1 ? 'message' : 'messages'}
            {d.privateIncluded ? ', private messages and e-mail included' : ': public ones only; tags and customers count every conversation'}
            {d.capped ? ' (only the newest: the period had more)' : ''}.
          </p>
          <div className="report-insights-grid">
            <TermList id="terms" title="Terms rising" terms={d.terms} onSearch={onSearch} />
            <TermList id="phrases" title="Phrases" terms={d.phrases} onSearch={onSearch} />
            <div className="report-insight-list" data-testid="report-insights-issues">
              <h3>Recurring issues</h3>
              {d.issues.length === 0 ? (
                <p className="reports-empty">None found.</p>
              ) : (
                <ul>
                  {d.issues.map((i) => (
                    <li key={i.query || i.label}>
                      <button type="button" className="report-link" onClick={() => onSearch(i.query)} data-testid="report-insight-issue">
                        <bdi>{i.label}</bdi>
                      </button>{' '}
                      <span className="report-of">
                        {i.conversations} {i.conversations === 1 ? 'conversation' : 'conversations'}
                        {i.terms.length > 0 && (
                          <>
                            {' · '}
                            {i.terms.map((t, n) => (
                              <span key={n}>
                                {n > 0 && ', '}
                                <bdi>{t}</bdi>
                              </span>
                            ))}
                          </>
                        )}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="report-insight-list" data-testid="report-insights-tags">
              <h3>Top tags</h3>
              {d.tags.length === 0 ? (
                <p className="reports-empty">No tagged conversation.</p>
              ) : (
                <ul>
                  {d.tags.map((t) => (
                    <li key={t.tag}>
                      <bdi>{t.tag}</bdi> <span className="report-of">{counts(t.conversations, t.previous)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="report-insight-list" data-testid="report-insights-customers">
              <h3>Top customers</h3>
              {d.customers.length === 0 ? (
                <p className="reports-empty">No customer wrote.</p>
              ) : (
                <ul>
                  {d.customers.map((c) => (
                    <li key={c.customerId}>
                      <bdi>{c.name || 'Customer'}</bdi>{' '}
                      <span className="report-of">
                        {networkInfo(c.network).label} · {c.conversations} {c.conversations === 1 ? 'conversation' : 'conversations'}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  )
}

function counts(now: number, prev: number): string {
  return `${now} ${now === 1 ? 'conversation' : 'conversations'} (previous: ${prev})`
}

/** How many entries a list shows before "Show all". */
const SHORT = 10

function TermList({ id, title, terms, onSearch }: { id: string; title: string; terms: InsightTermDTO[]; onSearch: (q: string) => void }) {
  const [all, setAll] = useState(false)
  const shown = all ? terms : terms.slice(0, SHORT)
  return (
    <div className="report-insight-list" data-testid={`report-insights-${id}`}>
      <h3>{title}</h3>
      {terms.length === 0 ? (
        <p className="reports-empty">None stood out.</p>
      ) : (
        <ul>
          {shown.map((t) => (
            <li key={t.term}>
              <button
                type="button"
                className="report-link"
                onClick={() => onSearch(t.query || t.display || t.term)}
                data-testid="report-insight-term"
                data-query={t.query}
                title={`Search for ${t.display || t.term}`}
              >
                <bdi>{t.display || t.term}</bdi>
              </button>{' '}
              <span className="report-of">{counts(t.conversations, t.previous)}</span>
            </li>
          ))}
        </ul>
      )}
      {terms.length > SHORT && (
        <button type="button" className="report-link" aria-expanded={all} onClick={() => setAll((x) => !x)} data-testid={`report-insights-${id}-more`}>
          {all ? 'Show fewer' : `Show all ${terms.length}`}
        </button>
      )}
    </div>
  )
}
