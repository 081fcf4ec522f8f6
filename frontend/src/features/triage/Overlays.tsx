import './triage.css'
import { useMemo, useState } from 'react'
import { displayKey, SHORTCUTS, type Action } from '../../lib/shortcuts'
import { useTags } from '../../lib/triageQueries'
import { formatFull, localInputValue } from '../../lib/time'

/** Tomorrow at 09:00, in 1 hour, next Monday 09:00. */
export function snoozeOptions(now: number): { label: string; at: number }[] {
  const d = new Date(now)
  const tomorrow = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9).getTime()
  const days = (8 - d.getDay()) % 7 || 7
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, 9).getTime()
  return [
    { label: 'In 1 hour', at: now + 3_600_000 },
    { label: 'In 3 hours', at: now + 3 * 3_600_000 },
    { label: 'Tomorrow 09:00', at: tomorrow },
    { label: 'Next Monday 09:00', at: monday },
  ]
}

// The input's value is made where every date is turned into text.
export { localInputValue }

/** The custom snooze time's starting value: the next full hour at least an hour from now, never one already past. */
export function defaultCustomSnooze(now: number): number {
  const d = new Date(now + 3_600_000)
  if (d.getMinutes() !== 0 || d.getSeconds() !== 0 || d.getMilliseconds() !== 0) d.setHours(d.getHours() + 1, 0, 0, 0)
  return d.getTime()
}

/** Which option a digit key picks (1 … n), or -1. */
export function optionForKey(key: string, n: number): number {
  if (!/^[1-9]$/.test(key)) return -1
  const i = Number(key) - 1
  return i < n ? i : -1
}

function Modal({ title, onClose, children, testid, onKeyDown }: { title: string; onClose: () => void; children: React.ReactNode; testid: string; onKeyDown?: (e: React.KeyboardEvent) => void }) {
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testid}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            onClose()
            return
          }
          onKeyDown?.(e)
        }}
      >
        <h3>{title}</h3>
        {children}
      </div>
    </div>
  )
}

export function SnoozeDialog({ count, now, onPick, onClose }: { count: number; now: number; onPick: (at: number) => void; onClose: () => void }) {
  const opts = snoozeOptions(now)
  const [custom, setCustom] = useState(() => localInputValue(defaultCustomSnooze(now)))
  const at = custom ? new Date(custom).getTime() : NaN
  const past = !(at > now)
  return (
    <Modal
      title={`Snooze ${count === 1 ? 'conversation' : `${count} conversations`} until…`}
      onClose={onClose}
      testid="snooze-dialog"
      // The digits shown beside the options pick them, wherever focus is in
      // the dialog except the date field (where digits are typed).
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return
        const i = optionForKey(e.key, opts.length)
        if (i < 0) return
        e.preventDefault()
        e.stopPropagation()
        onPick(opts[i].at)
      }}
    >
      <div className="option-list">
        {opts.map((o, i) => (
          <button key={o.label} type="button" className="btn option" autoFocus={i === 0} onClick={() => onPick(o.at)} data-testid="snooze-option" title={formatFull(o.at)}>
            <kbd>{i + 1}</kbd> {o.label}
          </button>
        ))}
      </div>
      <form
        className="option-custom"
        onSubmit={(e) => {
          e.preventDefault()
          if (!past) onPick(at)
        }}
      >
        <input
          type="datetime-local"
          aria-label="Snooze until"
          value={custom}
          min={localInputValue(now)}
          onChange={(e) => setCustom(e.target.value)}
          data-testid="snooze-custom"
        />
        <button type="submit" className="btn" disabled={past} data-testid="snooze-custom-submit">
          Snooze
        </button>
      </form>
      {custom && past && <p className="inline-error">That time has already passed.</p>}
    </Modal>
  )
}

export function TagDialog({ count, current, onTag, onUntag, onClose }: {
  count: number
  current: string[]
  onTag: (name: string) => void
  onUntag: (name: string) => void
  onClose: () => void
}) {
  const tags = useTags()
  const [name, setName] = useState('')
  return (
    <Modal title={`Tag ${count === 1 ? 'conversation' : `${count} conversations`}`} onClose={onClose} testid="tag-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) onTag(name.trim())
        }}
      >
        <input autoFocus list="tag-names" placeholder="Tag name, Enter to add" aria-label="Tag name" value={name} onChange={(e) => setName(e.target.value)} data-testid="tag-input" />
        <datalist id="tag-names">
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
      </form>
      {current.length > 0 && (
        <div className="thread-tags">
          {current.map((t) => (
            <button key={t} type="button" className="tag tag-remove" onClick={() => onUntag(t)} title={`Remove ${t}`} data-testid="tag-remove">
              {t} ×
            </button>
          ))}
        </div>
      )}
    </Modal>
  )
}

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const scopes = ['global', 'list', 'conversation'] as const
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testid="help-overlay">
      <button type="button" className="btn dialog-close" autoFocus onClick={onClose}>
        Close
      </button>
      {scopes.map((scope) => (
        <section key={scope}>
          <h4 className="help-scope">{scope === 'global' ? 'Anywhere' : scope === 'list' ? 'Conversation list' : 'Open conversation or selection'}</h4>
          <dl className="help-list">
            {SHORTCUTS.filter((s) => s.scope === scope && !/^client[2-9]$/.test(s.action)).map((s) => (
              <div key={s.action} className="help-row">
                <dt>
                  {s.keys.map((k) => (
                    <kbd key={k}>{displayKey(k)}</kbd>
                  ))}
                  {s.action === 'client1' && <span> … <kbd>9</kbd></span>}
                </dt>
                <dd>{s.action === 'client1' ? 'Switch to client 1 … 9' : s.label}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="hint">Shortcuts are ignored while you type in a text field; Ctrl/⌘+K always opens the palette.</p>
    </Modal>
  )
}

export interface Command {
  id: string
  label: string
  hint?: string
  run: () => void
}

/** Ctrl/⌘+K: every shortcut action plus clients and saved views, filtered as you type. */
export function CommandPalette({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const [q, setQ] = useState('')
  const [i, setI] = useState(0)
  const shown = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean)
    return commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w))).slice(0, 12)
  }, [q, commands])
  const run = (c: Command | undefined) => {
    if (!c) return
    onClose()
    c.run()
  }
  return (
    <Modal title="Command palette" onClose={onClose} testid="command-palette">
      <input
        autoFocus
        placeholder="Type a command…"
        aria-label="Command"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[i] ? `cmd-${shown[i].id}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value)
          setI(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setI((x) => Math.min(x + 1, shown.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setI((x) => Math.max(x - 1, 0))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            run(shown[i])
          }
        }}
        data-testid="palette-input"
      />
      <ul id="palette-list" role="listbox" className="palette-list">
        {shown.map((c, n) => (
          <li key={c.id} id={`cmd-${c.id}`} role="option" aria-selected={n === i} className={n === i ? 'palette-item palette-active' : 'palette-item'} onMouseDown={() => run(c)} data-testid="palette-item">
            <span>{c.label}</span>
            {c.hint && <kbd>{c.hint}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="palette-empty">No command matches.</li>}
      </ul>
    </Modal>
  )
}

export type { Action }
