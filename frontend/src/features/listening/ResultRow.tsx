import type { MouseEvent } from 'react'
import { safeHttpUrl } from '../../lib/linkify'
import { networkInfo } from '../../lib/networks'
import { formatAgo } from '../../lib/time'
import { errorMessage, openLink, type ListenResultDTO } from '../../lib/wails'
import { Breakable } from '../../ui/Breakable'
import { Name } from '../../ui/Name'
import { NetworkBadge } from '../../ui/NetworkBadge'
import { LinkifiedText } from '../thread/LinkifiedText'

interface Props {
  result: ListenResultDTO
  /** The handle that found it, whose conversation a reply makes ('' for a feed). */
  handleName: string
  now: number
  busy: boolean
  onReply: () => void
  onHandled: () => void
  onMuteAuthor: () => void
}

const SENTIMENT: Record<string, string> = { negative: 'Negative', positive: 'Positive', neutral: 'Neutral' }

/** One post found by listening: untrusted text and names as text, the permalink only when http(s). */
export function ResultRow({ result: r, handleName, now, busy, onReply, onHandled, onMuteAuthor }: Props) {
  const link = r.url ? safeHttpUrl(r.url) : null
  const source = r.network === 'feed' ? 'Feed' : networkInfo(r.network).label
  return (
    <li className={`listen-result listen-${r.sentimentLabel}`} data-testid="listen-result" data-result-id={r.id} data-network={r.network}>
      <div className="listen-result-head">
        {r.network === 'feed' ? <span className="net-badge net-badge-sm listen-feed-badge" title="Feed" aria-label="Feed" role="img">≋</span> : <NetworkBadge network={r.network} size="sm" />}
        <Name text={r.authorName || r.authorUsername} className="listen-author" />
        {r.authorUsername && r.authorUsername !== r.authorName && (
          <span className="listen-username">
            <Breakable text={r.authorUsername} />
          </span>
        )}
        <span className={`listen-sentiment listen-sentiment-${r.sentimentLabel}`} data-testid="listen-sentiment">
          {SENTIMENT[r.sentimentLabel] ?? r.sentimentLabel}
        </span>
        {r.language && <span className="listen-lang" title="Language">{r.language}</span>}
        <span className="listen-meta">
          {source} · {formatAgo(r.postedAt, now)} · reach {r.reach}
        </span>
        {handleName && (
          <span className="listen-meta" data-testid="listen-via">
            via <Breakable text={handleName} />
          </span>
        )}
        {r.sample && (
          <span className="listen-sample" title="Sample data of the demo workspace" data-testid="listen-sample">
            Sample data
          </span>
        )}
      </div>
      <p className="listen-text" dir="auto">
        <LinkifiedText text={r.text} />
      </p>
      <div className="listen-actions">
        {r.canReply && (
          <button type="button" disabled={busy} onClick={onReply} data-testid="listen-reply" title="Make this post a conversation on the handle that found it">
            Reply
          </button>
        )}
        <button type="button" disabled={busy} onClick={onHandled} data-testid="listen-handled">
          {r.handled ? 'Not handled' : 'Mark handled'}
        </button>
        <button type="button" disabled={busy} onClick={onMuteAuthor} data-testid="listen-mute-author">
          Mute author
        </button>
        {link && (
          <a
            href={link}
            className="ext-link"
            rel="noopener noreferrer nofollow"
            onClick={(e: MouseEvent) => {
              e.preventDefault()
              openLink(link).catch((err) => console.error('Could not open link:', errorMessage(err)))
            }}
            onAuxClick={(e: MouseEvent) => e.preventDefault()}
          >
            Open post
          </a>
        )}
      </div>
    </li>
  )
}
