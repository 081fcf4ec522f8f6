// The app as a desktop citizen (app/desktop.go, app/menu.go): the
// application menu's actions, start at login, diagnostics, the folders,
// About and Quit.
import * as Desktop from '../../../wailsjs/go/app/DesktopAPI'
import { EventsOn } from '../../../wailsjs/runtime/runtime'
import { call, runtimeReady } from './call'
import type { AboutDTO, StartAtLoginDTO } from './models'

export type { AboutDTO, LicenceDTO, StartAtLoginDTO } from './models'

/** The event an application-menu item sends (payload: its action's name, app.EventMenu). */
export const MENU_EVENT = 'careinbox:menu'

/** Subscribes to the application menu; a no-op outside Wails. */
export function onMenuAction(handler: (action: string) => void): () => void {
  if (!runtimeReady()) return () => {}
  return EventsOn(MENU_EVENT, (payload: unknown) => {
    if (typeof payload === 'string') handler(payload)
  })
}

export function about(): Promise<AboutDTO> {
  return call(() => Desktop.About())
}

export function startAtLogin(): Promise<StartAtLoginDTO> {
  return call(() => Desktop.StartAtLogin())
}

export function setStartAtLogin(on: boolean): Promise<StartAtLoginDTO> {
  return call(() => Desktop.SetStartAtLogin(on))
}

/** Gathers the diagnostics (no secrets, no message text) and puts them on the clipboard. */
export function copyDiagnostics(): Promise<string> {
  return call(() => Desktop.CopyDiagnostics())
}

export function openLogsFolder(): Promise<void> {
  return call(() => Desktop.OpenLogsFolder())
}

export function openDataFolder(): Promise<void> {
  return call(() => Desktop.OpenDataFolder())
}

/** Closes the window and stops watching (the window's close button only hides it). */
export function quit(): Promise<void> {
  return call(() => Desktop.Quit())
}
