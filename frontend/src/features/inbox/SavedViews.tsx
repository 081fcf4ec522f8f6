import './inbox.css'
import { useState } from 'react'
import { useDeleteView, useSaveView, useViews } from '../../lib/triageQueries'
import { errorMessage, type FilterDTO, type SavedViewDTO } from '../../lib/wails'

/** Saved views: one click (or the palette) restores a whole filter. */
export function SavedViews({ current, onApply }: { current: FilterDTO; onApply: (v: SavedViewDTO) => void }) {
  const views = useViews()
  const save = useSaveView()
  const del = useDeleteView()
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  return (
    <div className="saved-views" data-testid="saved-views">
      {views.data?.map((v) => (
        <span key={v.id} className="view-chip">
          <button type="button" className="view-apply" onClick={() => onApply(v)} data-testid="saved-view">
            {v.name}
          </button>
          <button type="button" className="view-delete" aria-label={`Delete view ${v.name}`} onClick={() => del.mutate(v.id)}>
            ×
          </button>
        </span>
      ))}
      {naming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (!name.trim()) return
            save.mutate({ name, filter: current }, { onSuccess: () => (setNaming(false), setName('')) })
          }}
        >
          <input
            autoFocus
            placeholder="View name"
            aria-label="View name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setNaming(false)}
            data-testid="view-name"
          />
        </form>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setNaming(true)} data-testid="save-view">
          Save view
        </button>
      )}
      {save.isError && <span className="inline-error">{errorMessage(save.error)}</span>}
    </div>
  )
}

export function BulkBar({ count, onAction, onClear }: { count: number; onAction: (a: 'resolve' | 'pending' | 'reopen' | 'snooze' | 'tag' | 'read' | 'unread') => void; onClear: () => void }) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong data-testid="bulk-count">{count} selected</strong>
      <button type="button" className="btn btn-primary btn-small" onClick={() => onAction('resolve')} data-testid="bulk-resolve">Resolve</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('pending')}>Pending</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('reopen')}>Reopen</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('snooze')} data-testid="bulk-snooze">Snooze…</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('tag')} data-testid="bulk-tag">Tag…</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('read')}>Mark read</button>
      <button type="button" className="btn btn-small" onClick={() => onAction('unread')}>Mark unread</button>
      <button type="button" className="btn btn-small" onClick={onClear} data-testid="bulk-clear">Clear</button>
    </div>
  )
}
