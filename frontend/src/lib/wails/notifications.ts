// Notifications that lead somewhere (issue 14): pausing them, and the event
// a click on one sends (app/notify_api.go).
import * as Deadlines from '../../../wailsjs/go/app/DeadlinesAPI'
import { EventsOn } from '../../../wailsjs/runtime/runtime'
import { call, runtimeReady } from './call'
import type { NotificationPauseDTO } from './models'

export type { NotificationPauseDTO } from './models'

/** Name of the event sent when the user clicks a notification (payload: a conversation id, 0 for none). */
export const OPEN_CONVERSATION = 'conversation:open'

export function notificationPause(): Promise<NotificationPauseDTO> {
  return call(() => Deadlines.NotificationPause())
}

/** Holds deadline notifications back for the next minutes; they are shown as one digest afterwards. */
export function pauseNotifications(minutes: number): Promise<NotificationPauseDTO> {
  return call(() => Deadlines.PauseNotifications(minutes))
}

export function resumeNotifications(): Promise<NotificationPauseDTO> {
  return call(() => Deadlines.ResumeNotifications())
}

/** Subscribes to clicks on notifications; the handler gets a conversation id (> 0). A no-op outside Wails. */
export function onOpenConversation(handler: (conversationId: number) => void): () => void {
  if (!runtimeReady()) return () => {}
  return EventsOn(OPEN_CONVERSATION, (payload: unknown) => {
    if (typeof payload === 'number' && Number.isSafeInteger(payload) && payload > 0) handler(payload)
  })
}

/** Name of the event sent when the user clicks a notification about a screen (payload: its name). */
export const OPEN_VIEW = 'view:open'

/** The screens a notification may open (app/notify_api.go EventOpenView). */
export type NotifiedView = 'listening'

/** Subscribes to clicks on notifications that open a screen (a listening spike). A no-op outside Wails. */
export function onOpenView(handler: (view: NotifiedView) => void): () => void {
  if (!runtimeReady()) return () => {}
  return EventsOn(OPEN_VIEW, (payload: unknown) => {
    if (payload === 'listening') handler(payload)
  })
}

/**
 * Name of the event sent when notifications were paused or resumed outside the window (the tray's menu),
 * or started or stopped reaching the desktop.
 */
export const NOTIFICATION_PAUSE = 'notifications:pause'

const time = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined)

/** The event's payload checked field by field: anything malformed is dropped (undefined). */
export function parseNotificationState(payload: unknown): NotificationPauseDTO | undefined {
  const p = payload as Partial<Record<keyof NotificationPauseDTO, unknown>> | null
  const pausedUntil = time(p?.pausedUntil)
  if (pausedUntil === undefined) return undefined
  const failing = p?.failing === true
  return {
    pausedUntil,
    failing,
    since: failing ? (time(p?.since) ?? 0) : 0,
    retryAt: failing ? (time(p?.retryAt) ?? 0) : 0,
    failure: failing && typeof p?.failure === 'string' ? p.failure.slice(0, 500) : '',
  }
}

/** Subscribes to changes made outside the window; the handler gets the new state. A no-op outside Wails. */
export function onNotificationPause(handler: (pause: NotificationPauseDTO) => void): () => void {
  if (!runtimeReady()) return () => {}
  return EventsOn(NOTIFICATION_PAUSE, (payload: unknown) => {
    const state = parseNotificationState(payload)
    if (state) handler(state)
  })
}
