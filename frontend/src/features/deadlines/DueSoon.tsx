import './deadlines.css'
import { queryKeys } from '../../lib/queryKeys'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { errorMessage } from '../../lib/wails'
import { dueSoon } from '../../lib/wails/deadlines'
import { ConversationRow } from '../inbox/ConversationRow'

const RANGES = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 24 * 60, label: '24 hours' },
]

interface Props {
  openId: number | null
  onOpen: (id: number) => void
}

/**
 * Conversations whose deadline falls within the chosen range, overdue ones
 * first, across every client. The query key sits under "conversations" so
 * the inbox:delta handler refreshes it with the list.
 */
export function DueSoon({ openId, onOpen }: Props) {
  const [minutes, setMinutes] = useState(60)
  const q = useQuery({
    queryKey: queryKeys.dueSoon(minutes),
    queryFn: () => dueSoon(minutes),
    refetchInterval: 60_000,
  })
  return (
    <div className="due-soon" data-testid="due-soon">
      <div className="segmented" role="group" aria-label="Due within">
        {RANGES.map((r) => (
          <button key={r.minutes} type="button" className="segment" aria-pressed={minutes === r.minutes} onClick={() => setMinutes(r.minutes)}>
            {r.label}
          </button>
        ))}
      </div>
      {q.isError && (
        <div className="due-soon-empty" role="alert">
          {errorMessage(q.error)}
        </div>
      )}
      {q.data && q.data.length === 0 && <div className="due-soon-empty">Nothing is due in the next {RANGES.find((r) => r.minutes === minutes)?.label}.</div>}
      <div role="listbox" aria-label="Conversations due soon">
        {q.data?.map((c, i) => (
          <ConversationRow key={c.id} c={c} index={i} selected={openId === c.id} open={openId === c.id} showClient onClick={(id) => onOpen(id)} />
        ))}
      </div>
    </div>
  )
}
