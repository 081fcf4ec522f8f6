// Keyboard shortcuts as data: action → keys → scope. One table drives the
// key handler, the help overlay and the command palette.

export type Scope = 'global' | 'list' | 'conversation'

export type Action =
  | 'help'
  | 'palette'
  | 'search'
  | 'next'
  | 'prev'
  | 'open'
  | 'reply'
  | 'note'
  | 'resolve'
  | 'pending'
  | 'reopen'
  | 'snooze'
  | 'tag'
  | 'toggleUnread'
  | 'select'
  | 'selectNone'
  | 'customer'
  | 'moveToPrivate'
  | 'allClients'
  | 'client1'
  | 'client2'
  | 'client3'
  | 'client4'
  | 'client5'
  | 'client6'
  | 'client7'
  | 'client8'
  | 'client9'

export interface Shortcut {
  action: Action
  /** Key combos like "j", "shift+?", "mod+k" (mod = Ctrl, or ⌘ on a Mac). */
  keys: string[]
  scope: Scope
  label: string
}

export const SHORTCUTS: Shortcut[] = [
  { action: 'help', keys: ['?'], scope: 'global', label: 'Show keyboard shortcuts' },
  { action: 'palette', keys: ['mod+k'], scope: 'global', label: 'Command palette' },
  { action: 'search', keys: ['/'], scope: 'global', label: 'Search all messages' },
  { action: 'next', keys: ['j', 'ArrowDown'], scope: 'list', label: 'Next conversation' },
  { action: 'prev', keys: ['k', 'ArrowUp'], scope: 'list', label: 'Previous conversation' },
  { action: 'open', keys: ['Enter'], scope: 'list', label: 'Open conversation' },
  { action: 'reply', keys: ['r'], scope: 'conversation', label: 'Reply' },
  { action: 'note', keys: ['n'], scope: 'conversation', label: 'Add an internal note' },
  { action: 'resolve', keys: ['e'], scope: 'conversation', label: 'Resolve' },
  { action: 'pending', keys: ['p'], scope: 'conversation', label: 'Mark pending (waiting on customer)' },
  { action: 'reopen', keys: ['o'], scope: 'conversation', label: 'Reopen' },
  { action: 'snooze', keys: ['s'], scope: 'conversation', label: 'Snooze…' },
  { action: 'tag', keys: ['t'], scope: 'conversation', label: 'Tag…' },
  { action: 'toggleUnread', keys: ['u'], scope: 'conversation', label: 'Mark read / unread' },
  { action: 'select', keys: ['x'], scope: 'list', label: 'Select / unselect for bulk actions' },
  { action: 'selectNone', keys: ['shift+x'], scope: 'list', label: 'Clear the selection' },
  { action: 'customer', keys: ['c'], scope: 'conversation', label: 'Customer across channels' },
  { action: 'moveToPrivate', keys: ['m'], scope: 'conversation', label: 'Move to a private message' },
  { action: 'allClients', keys: ['0'], scope: 'global', label: 'All clients' },
  ...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map(
    (n): Shortcut => ({ action: `client${n}` as Action, keys: [String(n)], scope: 'global', label: `Switch to client ${n}` }),
  ),
]

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
}

/** Whether a key event matches a combo such as "mod+k" or "shift+x". */
export function matches(e: KeyLike, combo: string, mac = isMac()): boolean {
  const parts = combo === '+' ? ['+'] : combo.split('+')
  const key = parts[parts.length - 1]
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()))
  const wantCtrl = mods.has('ctrl') || (mods.has('mod') && !mac)
  const wantMeta = mods.has('meta') || (mods.has('mod') && mac)
  if (e.ctrlKey !== wantCtrl || e.metaKey !== wantMeta || e.altKey !== mods.has('alt')) return false
  // Printable symbols ("?", "/") already carry Shift in e.key; only letters
  // and named keys compare Shift.
  const symbol = key.length === 1 && !/[a-z0-9]/i.test(key)
  if (!symbol && e.shiftKey !== mods.has('shift')) return false
  return e.key.length === 1 ? e.key.toLowerCase() === key.toLowerCase() : e.key === key
}

/** True while the person is typing, when single-key shortcuts must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const el = target as HTMLElement
  if (el.isContentEditable) return true
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = (el as HTMLInputElement).type
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type)
}

/**
 * The action a key event triggers, or null. While typing only combos with
 * Ctrl/⌘ count (the palette still opens from a text field).
 */
export function actionFor(e: KeyLike & { target?: EventTarget | null }, table: Shortcut[] = SHORTCUTS, mac = isMac()): Action | null {
  const typing = isTyping(e.target ?? null)
  for (const s of table) {
    for (const k of s.keys) {
      if (typing && !/(^|\+)(mod|ctrl|meta)\+/.test(k)) continue
      if (matches(e, k, mac)) return s.action
    }
  }
  return null
}

/** How a combo is shown in the help overlay. */
export function displayKey(combo: string, mac = isMac()): string {
  return combo
    .split('+')
    .map((p) => {
      switch (p) {
        case 'mod':
          return mac ? '⌘' : 'Ctrl'
        case 'shift':
          return 'Shift'
        case 'ArrowDown':
          return '↓'
        case 'ArrowUp':
          return '↑'
        default:
          return p.length === 1 ? p.toUpperCase() : p
      }
    })
    .join(mac ? '' : '+')
}
