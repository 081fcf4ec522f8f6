// Typed wrappers for DeadlinesAPI (issue 4): calendars, policies, switches,
// quiet hours, previews and the "due soon" list. Like index.ts, this module
// imports the generated bindings; components use these wrappers and take the
// types from ./models (re-exported by index.ts).
import * as Deadlines from '../../../wailsjs/go/app/DeadlinesAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { call as callBackend } from './call'
import type {
  CalendarDTO,
  ConversationDTO,
  DeadlineEventDTO,
  DeadlineSettingsDTO,
  ICalImportDTO,
  PolicyDTO,
  PreviewDTO,
  QuietHoursDTO,
  SettingsDraftDTO,
} from './models'

// The deadline types, for the settings screens that import them from here.
export type {
  CalendarDTO,
  DeadlineEventDTO,
  DeadlineSettingsDTO,
  HolidayDTO,
  MoveDTO,
  OverrideDTO,
  PolicyDTO,
  PreviewDTO,
  QuietHoursDTO,
  RangeDTO,
  SettingsDraftDTO,
  TargetDTO,
} from './models'

export function deadlineSettings(clientId: number): Promise<DeadlineSettingsDTO> {
  return callBackend(() => Deadlines.Settings(clientId))
}

export function saveCalendar(clientId: number, handleId: number, cal: CalendarDTO): Promise<void> {
  return callBackend(() => Deadlines.SaveCalendar(clientId, handleId, asDTO<app.CalendarDTO>(cal)))
}

/** Removes a handle's own calendar, so the client's applies again (handleId 0: the client's, so the default applies). */
export function deleteCalendar(clientId: number, handleId: number): Promise<void> {
  return callBackend(() => Deadlines.DeleteCalendar(clientId, handleId))
}

export function previewCalendar(clientId: number, handleId: number, cal: CalendarDTO): Promise<PreviewDTO> {
  return callBackend(() => Deadlines.PreviewCalendar(clientId, handleId, asDTO<app.CalendarDTO>(cal)))
}

/** Which open deadlines the whole unsaved screen (hours and targets together) would move. */
export function previewSettings(clientId: number, d: SettingsDraftDTO): Promise<PreviewDTO> {
  return callBackend(() => Deadlines.PreviewSettings(clientId, asDTO<app.SettingsDraftDTO>(d)))
}

/** Saves the whole screen at once; nothing is stored if any part is invalid. */
export function saveSettings(clientId: number, d: SettingsDraftDTO): Promise<void> {
  return callBackend(() => Deadlines.SaveSettings(clientId, asDTO<app.SettingsDraftDTO>(d)))
}

export function savePolicy(clientId: number, handleId: number, kind: string, p: PolicyDTO): Promise<void> {
  return callBackend(() => Deadlines.SavePolicy(clientId, handleId, kind, asDTO<app.PolicyDTO>(p)))
}

export function previewPolicy(clientId: number, handleId: number, kind: string, p: PolicyDTO): Promise<PreviewDTO> {
  return callBackend(() => Deadlines.PreviewPolicy(clientId, handleId, kind, asDTO<app.PolicyDTO>(p)))
}

export function deletePolicy(clientId: number, handleId: number, kind: string): Promise<void> {
  return callBackend(() => Deadlines.DeletePolicy(clientId, handleId, kind))
}

/** Reads holidays from the text of an .ics file (nothing is saved). */
export function importICal(timeZone: string, ics: string): Promise<ICalImportDTO> {
  return callBackend(() => Deadlines.ImportICal(timeZone, ics))
}

export function setNotify(clientId: number, handleId: number, on: boolean): Promise<void> {
  return callBackend(() => Deadlines.SetNotify(clientId, handleId, on))
}

export function getQuietHours(): Promise<QuietHoursDTO> {
  return callBackend(() => Deadlines.QuietHours())
}

export function setQuietHours(q: QuietHoursDTO): Promise<void> {
  return callBackend(() => Deadlines.SetQuietHours(asDTO<app.QuietHoursDTO>(q)))
}

export function dueSoon(withinMinutes: number): Promise<ConversationDTO[]> {
  return callBackend(() => Deadlines.DueSoon(withinMinutes))
}

export function deadlineEvents(conversationId: number): Promise<DeadlineEventDTO[]> {
  return callBackend(() => Deadlines.Events(conversationId))
}
