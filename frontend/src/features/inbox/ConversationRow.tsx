import './inbox.css'
import { memo } from 'react'
import { formatAge, formatFull, formatUntil, urgency } from '../../lib/time'
import type { ConversationDTO } from '../../lib/wails'
import { Avatar } from '../../ui/Avatar'
import { DirectionMarker, Name } from '../../ui/Name'
import { hasDirectionControls } from '../../lib/bidi'
import type { Density } from '../../lib/density'
import { DeadlineChip } from '../deadlines/DeadlineChip'
import { chipView, stateAt } from '../../lib/deadlines'
import { useNowSelect } from '../../lib/now'
import { loopBadge } from '../../lib/publicClose'
import { StatusChip } from '../../ui/StatusChip'
import { IrateBadge } from './Sentiment'

interface Props {
  c: ConversationDTO
  index: number
  selected: boolean
  open: boolean
  showClient: boolean
  /** The time ages are shown at; without it the row follows the minute clock itself (useNowSelect). */
  now?: number
  onClick: (id: number, index: number) => void
  /** In the bulk selection (checkbox); undefined hides the checkbox. */
  checked?: boolean
  onToggle?: (id: number) => void
  /** Compact: two lines (chips beside the name, no tags); comfortable: three. */
  density?: Density
}

export function customerLabel(c: Pick<ConversationDTO, 'customerName' | 'customerUser'>): string {
  return c.customerName.trim() || c.customerUser.trim() || 'Unknown customer'
}

/** The age shown on a row: how long an open conversation has waited on us, else the last activity. */
export function rowAge(c: ConversationDTO, now: number): { text: string; title: string; tone: 'ok' | 'warn' | 'late' | 'muted' } {
  if (c.status === 'open' && c.awaitingSince > 0) {
    return {
      text: formatAge(c.awaitingSince, now),
      title: `Waiting for a reply since ${formatFull(c.awaitingSince)}`,
      tone: urgency(c.awaitingSince, now),
    }
  }
  if (c.status === 'snoozed' && c.snoozedUntil > 0) {
    return { text: `⏰ ${formatUntil(c.snoozedUntil, now)}`, title: `Snoozed until ${formatFull(c.snoozedUntil)}`, tone: 'muted' }
  }
  return { text: formatAge(c.lastMessageAt, now), title: `Last message ${formatFull(c.lastMessageAt)}`, tone: 'muted' }
}

export const ConversationRow = memo(function ConversationRow({ c, index, selected, open, showClient, now: shownAt, onClick, checked, onToggle, density = 'comfortable' }: Props) {
  // Following the clock, the row renders again only when what it shows at
  // the new minute differs; given a time, it shows that one.
  const [, clockNow] = useNowSelect((t) => (shownAt === undefined ? readKey(c, t) : ''))
  const now = shownAt ?? clockNow
  const age = rowAge(c, now)
  const unread = c.unread > 0
  const compact = density === 'compact'
  const cls = ['row', compact && 'row-compact', unread && 'row-unread', selected && 'row-selected', open && 'row-open'].filter(Boolean).join(' ')
  const name = customerLabel(c)
  const chips = (
    <>
      <IrateBadge s={c.sentiment} />
      {c.status !== 'open' && <StatusChip status={c.status} />}
      <DeadlineChip d={c.deadline} now={now} />
      {c.publicClose && <span className="tag public-close-badge" data-testid="row-public-close" data-state={c.publicClose}>{loopBadge(c.publicClose)}</span>}
    </>
  )
  return (
    <div
      role="option"
      id={`conversation-option-${c.id}`}
      aria-selected={selected}
      aria-current={open ? 'true' : undefined}
      aria-checked={onToggle ? !!checked : undefined}
      className={cls}
      data-testid="conversation-row"
      data-id={c.id}
      data-unread={unread ? 'true' : 'false'}
      data-checked={checked ? 'true' : undefined}
      onClick={() => onClick(c.id, index)}
    >
      {/* A mouse affordance, not a native checkbox: a focusable control inside an
          option is nested-interactive. Assistive technology hears the state as the
          option's aria-checked and toggles it with the select shortcut. */}
      {onToggle && (
        <span
          role="checkbox"
          className="row-check"
          aria-checked={!!checked}
          aria-hidden="true"
          title={`Select conversation with ${customerLabel(c)}`}
          onClick={(e) => {
            e.stopPropagation()
            onToggle(c.id)
          }}
          data-testid="row-check"
        />
      )}
      <Avatar name={name} network={c.network} />
      <div className="row-main">
        <div className="row-line">
          {unread && <span className="unread-dot" title={`${c.unread} unread`} aria-label={`${c.unread} unread`} />}
          <Name className="row-name" text={name} />
          {compact && <span className="row-chips">{chips}</span>}
          <span className={`row-age age-${age.tone}`} title={age.title}>
            {age.text}
          </span>
        </div>
        <div className="row-excerpt">
          {c.lastDirection === 'out' && <span className="row-you">You: </span>}
          {c.subject && <span className="row-subject"><bdi dir="auto">{c.subject}</bdi> — </span>}
          <bdi dir="auto">{c.excerpt}</bdi>
          {(hasDirectionControls(c.excerpt) || hasDirectionControls(c.subject)) && <DirectionMarker />}
        </div>
        {!compact && (
          <div className="row-meta">
            <Name className="row-handle" text={c.handleName} />
            {showClient && <Name className="row-client" text={c.clientName} />}
            {c.tags.slice(0, 3).map((t) => (
              <span className="tag" key={t}>
                {t}
              </span>
            ))}
            {c.tags.length > 3 && <span className="tag tag-more">+{c.tags.length - 3}</span>}
            <span className="row-spacer" />
            {chips}
          </div>
        )}
      </div>
    </div>
  )
}, sameRow)

/**
 * Props equal but for the time they are shown at, when the row reads the
 * same at both (a parent that passes now re-renders it every minute).
 */
export function sameRow(a: Props, b: Props): boolean {
  const keys = Object.keys(a) as (keyof Props)[]
  if (keys.length !== Object.keys(b).length) return false
  for (const k of keys) if (k !== 'now' && a[k] !== b[k]) return false
  return a.now === b.now || (a.now !== undefined && b.now !== undefined && readKey(a.c, a.now) === readKey(b.c, b.now))
}

/** Everything of a row that depends on the time, as one string. */
function readKey(c: ConversationDTO, t: number): string {
  const a = rowAge(c, t)
  let k = `${a.text}|${a.title}|${a.tone}`
  const d = c.deadline
  if (d) {
    const v = chipView(d, t)
    k += `|${v.label}|${v.title}|${v.tone}|${stateAt(d, t)}`
  }
  return k
}
