import './inbox.css'
import { useEffect, useId, useRef, useState } from 'react'
import { setDensity, useDensity } from '../../lib/density'
import { STATUS_FILTERS, type ListFilter, type StatusFilter } from '../../lib/filter'
import type { FilterDTO, SavedViewDTO } from '../../lib/wails'
import { FilterBar, NO_EXTRA, type ExtraFilter } from './FilterBar'
import { SavedViews } from './SavedViews'

interface Props {
  filter: ListFilter
  onFilter: (patch: Partial<ListFilter>) => void
  extra: ExtraFilter
  onExtra: (v: ExtraFilter) => void
  current: FilterDTO
  onApplyView: (v: SavedViewDTO) => void
}

/** How many filters beyond the status are set: the "More filters" button says so. */
export function activeFilterCount(filter: Pick<ListFilter, 'unreadOnly'>, extra: ExtraFilter): number {
  return (filter.unreadOnly ? 1 : 0) + (Object.keys(NO_EXTRA) as (keyof ExtraFilter)[]).filter((k) => extra[k] !== '').length
}

/**
 * The list's filters in one row: the status tabs and a "More filters" panel
 * with unread only, network, tag, deadline, sentiment, saved views and the
 * list's density (issue 14: they used to take ~250 px above the list).
 */
export function InboxFilters({ filter, onFilter, extra, onExtra, current, onApplyView }: Props) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const boxRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const density = useDensity()
  const active = activeFilterCount(filter, extra)

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (e.target instanceof Node && !boxRef.current?.contains(e.target)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  return (
    <div
      className="filters"
      ref={boxRef}
      // Escape closes the panel from the button as well as from inside it.
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          setOpen(false)
          buttonRef.current?.focus()
        }
      }}
    >
      <div className="segmented status-tabs" role="group" aria-label="Status" data-testid="status-filter">
        {STATUS_FILTERS.map((s) => (
          <button
            key={s.value}
            type="button"
            className="segment"
            aria-pressed={filter.status === s.value}
            onClick={() => onFilter({ status: s.value as StatusFilter })}
            data-status={s.value}
          >
            {s.label}
          </button>
        ))}
      </div>
      <button
        ref={buttonRef}
        type="button"
        className={`btn btn-small more-filters${active > 0 ? ' more-filters-active' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="more-filters"
      >
        {active > 0 ? `Filters (${active})` : 'More filters'} <span aria-hidden="true">▾</span>
      </button>
      <div
        id={panelId}
        className="filters-panel"
        role="group"
        aria-label="More filters"
        hidden={!open}
        data-testid="filters-panel"
      >
        <label className="toggle">
          <input type="checkbox" checked={filter.unreadOnly} onChange={(e) => onFilter({ unreadOnly: e.target.checked })} data-testid="unread-only" />
          Unread only
        </label>
        <FilterBar value={extra} onChange={onExtra} />
        {active > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              onExtra(NO_EXTRA)
              if (filter.unreadOnly) onFilter({ unreadOnly: false })
            }}
            data-testid="clear-filters"
          >
            Clear filters
          </button>
        )}
        <div className="filters-panel-section">
          <span className="filters-panel-label">Saved views</span>
          <SavedViews current={current} onApply={onApplyView} />
        </div>
        <div className="filters-panel-section">
          <span className="filters-panel-label" id={`${panelId}-density`}>
            Density
          </span>
          <div className="segmented" role="group" aria-labelledby={`${panelId}-density`} data-testid="density">
            {(['compact', 'comfortable'] as const).map((d) => (
              <button key={d} type="button" className="segment" aria-pressed={density === d} onClick={() => setDensity(d)} data-density={d}>
                {d === 'compact' ? 'Compact' : 'Comfortable'}
              </button>
            ))}
          </div>
        </div>
      </div>
    </div>
  )
}
