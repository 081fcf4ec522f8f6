import './inbox.css'
import { NETWORK_ORDER, networkInfo } from '../../lib/networks'
import { useTags } from '../../lib/triageQueries'
import { SENTIMENT_FILTERS } from './moods'

/** The deadline select's value for threads waiting for a public close (issue 12). */
export const PUBLIC_CLOSE_FILTER = 'public_close'

/** Deadline states the deadlines table records (issue 4). */
export const DEADLINE_STATES = [
  { value: 'imminent', label: 'Deadline soon' },
  { value: 'breached', label: 'Deadline missed' },
  { value: 'at_risk', label: 'Promise at risk' },
  { value: 'on_track', label: 'On track' },
  // Not a deadline state: public threads taken private or offline whose
  // public close is pending (FilterDTO.publicClosePending; see applyExtra).
  { value: PUBLIC_CLOSE_FILTER, label: 'Waiting for public close' },
]

export interface ExtraFilter {
  network: string
  tag: string
  deadline: string
  /** '' (any), 'irate', or a mood (see sentiment.ts). */
  sentiment: string
}

export const NO_EXTRA: ExtraFilter = { network: '', tag: '', deadline: '', sentiment: '' }

/** Network, tag, deadline-state and sentiment filters beside the status buttons. */
export function FilterBar({ value, onChange }: { value: ExtraFilter; onChange: (v: ExtraFilter) => void }) {
  const tags = useTags()
  return (
    <div className="filter-bar" data-testid="filter-bar">
      <select aria-label="Network" value={value.network} onChange={(e) => onChange({ ...value, network: e.target.value })} data-testid="filter-network">
        <option value="">All networks</option>
        {NETWORK_ORDER.map((n) => (
          <option key={n} value={n}>
            {networkInfo(n).label}
          </option>
        ))}
      </select>
      <select aria-label="Tag" value={value.tag} onChange={(e) => onChange({ ...value, tag: e.target.value })} data-testid="filter-tag">
        <option value="">Any tag</option>
        {tags.data?.map((t) => (
          <option key={t.id} value={t.name}>
            {t.name} ({t.conversations})
          </option>
        ))}
      </select>
      <select aria-label="Deadline" value={value.deadline} onChange={(e) => onChange({ ...value, deadline: e.target.value })} data-testid="filter-deadline">
        <option value="">Any deadline</option>
        {DEADLINE_STATES.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      <select aria-label="Sentiment" value={value.sentiment} onChange={(e) => onChange({ ...value, sentiment: e.target.value })} data-testid="filter-sentiment">
        <option value="">Any sentiment</option>
        {SENTIMENT_FILTERS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  )
}
