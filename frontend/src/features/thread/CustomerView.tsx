import { Name } from '../../ui/Name'
import { countOf } from '../../lib/plural'
import './thread.css'
import { kindLabel, networkInfo } from '../../lib/networks'
import { useNow } from '../../lib/now'
import { useCustomer } from '../../lib/triageQueries'
import { formatFull, formatTimestamp } from '../../lib/time'
import { errorMessage } from '../../lib/wails'
import { StatusChip } from '../../ui/StatusChip'
import { CustomerSurveys } from '../csat/CsatBadge'

/** One customer across every handle and channel: conversations and history. */
export function CustomerView({ id, onOpen, onClose }: { id: number; onOpen: (conversationId: number) => void; onClose: () => void }) {
  const now = useNow()
  const q = useCustomer(id)
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog dialog-wide"
        role="dialog"
        aria-modal="true"
        aria-label="Customer"
        data-testid="customer-view"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            onClose()
          }
        }}
      >
        {q.isPending && <p>Loading customer…</p>}
        {q.isError && <p role="alert">Could not load this customer: {errorMessage(q.error)}</p>}
        {q.data && (
          <>
            <h3 data-testid="customer-name">
              <Name text={q.data.displayName || q.data.username} /> <Name className="thread-user" text={q.data.username} />
            </h3>
            <p className="hint">
              {networkInfo(q.data.network).label} · {countOf(q.data.conversations.length, 'conversation', 'conversations')} · {countOf(q.data.messages, 'message', 'messages')} · first seen{' '}
              {formatFull(q.data.firstSeen)}
            </p>
            <button type="button" className="btn dialog-close" autoFocus onClick={onClose}>
              Close
            </button>
            <CustomerSurveys participantId={id} />
            <h4>Conversations on every handle</h4>
            <ul className="customer-convs">
              {q.data.conversations.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="customer-conv"
                    onClick={() => {
                      onClose()
                      onOpen(c.id)
                    }}
                    data-testid="customer-conversation"
                    data-id={c.id}
                    data-kind={c.kind}
                  >
                    <span className="customer-conv-kind">{kindLabel(c.kind)}</span>
                    <Name text={c.handleName} />
                    <Name text={c.clientName} />
                    <StatusChip status={c.status} />
                    <span className="customer-conv-excerpt">{c.excerpt}</span>
                    <time title={formatFull(c.lastMessageAt)}>{formatTimestamp(c.lastMessageAt, now)}</time>
                  </button>
                </li>
              ))}
            </ul>
            <h4>Whole history, newest first</h4>
            <ol className="customer-timeline" data-testid="customer-timeline">
              {q.data.timeline.map((m) => (
                <li key={m.id} className={m.direction === 'out' ? 'tl-out' : 'tl-in'}>
                  <span className="tl-meta">
                    {formatTimestamp(m.sentAt, now)} · {kindLabel(m.kind)} · <bdi dir="auto">{m.handleName}</bdi> · <Name text={m.authorName} />
                  </span>
                  <span className="tl-text">{m.text}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  )
}
