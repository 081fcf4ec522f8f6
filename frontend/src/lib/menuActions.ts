// Where each application-menu item leads (app/menu.go sends the action's
// name). One table, so a feature that lands (Import, Export, Backup, dark
// mode) becomes one line here: replace its `pending` note with a `run`.
export interface MenuTargets {
  settings(): void
  /** The Data screen: exports and backups. */
  data(): void
  guide(): void
  shortcuts(): void
  about(): void
  toggleDensity(): void
  diagnostics(): void
  /** Runs an editing command on the focused field (GTK and Windows have no edit role). */
  edit(command: 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'): void
}

export type MenuRoute = { run: (t: MenuTargets) => void } | { pending: string }

export const MENU_ROUTES = {
  import: { pending: 'Import an archive from a handle: select the handle in the sidebar, then Import archive….' },
  export: { run: (t) => t.data() },
  backup: { run: (t) => t.data() },
  settings: { run: (t) => t.settings() },
  density: { run: (t) => t.toggleDensity() },
  'dark-mode': { pending: 'Care Inbox follows the system’s light or dark appearance: switch it in the system settings and the window follows at once.' },
  guide: { run: (t) => t.guide() },
  shortcuts: { run: (t) => t.shortcuts() },
  about: { run: (t) => t.about() },
  diagnostics: { run: (t) => t.diagnostics() },
  'edit:undo': { run: (t) => t.edit('undo') },
  'edit:redo': { run: (t) => t.edit('redo') },
  'edit:cut': { run: (t) => t.edit('cut') },
  'edit:copy': { run: (t) => t.edit('copy') },
  'edit:paste': { run: (t) => t.edit('paste') },
  'edit:select-all': { run: (t) => t.edit('selectAll') },
} satisfies Record<string, MenuRoute>

export type MenuAction = keyof typeof MENU_ROUTES

/**
 * Carries out a menu action. Returns a note for the user when the action
 * leads nowhere yet (or is unknown), null when it ran.
 */
export function routeMenuAction(action: string, targets: MenuTargets): string | null {
  const route: MenuRoute | undefined = Object.prototype.hasOwnProperty.call(MENU_ROUTES, action)
    ? MENU_ROUTES[action as MenuAction]
    : undefined
  if (!route) return `Unknown menu action “${action}”.`
  if ('pending' in route) return route.pending
  route.run(targets)
  return null
}

/** The editing commands of the Edit menu, on whatever has the focus. */
export function runEditCommand(command: Parameters<MenuTargets['edit']>[0]): void {
  // execCommand is deprecated but is still the one way a page runs the
  // system's own undo/cut/copy/paste on the focused field in WebKit.
  document.execCommand(command)
}
