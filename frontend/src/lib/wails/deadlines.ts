// Typed wrappers for DeadlinesAPI (issue 4): calendars, policies, switches,
// quiet hours, previews and the "due soon" list. Like index.ts, this module
// imports the generated bindings; components use these wrappers.
import * as Deadlines from '../../../wailsjs/go/app/DeadlinesAPI'
import { app } from '../../../wailsjs/go/models'
import { callBackend } from './index'
import type { ConversationDTO } from './types'

export interface RangeDTO {
  /** Minutes from local midnight; end may pass 1440 (across midnight). */
  start: number
  end: number
}

export interface HolidayDTO {
  date: string
  name: string
}

export interface OverrideDTO {
  date: string
  ranges: RangeDTO[]
}

export interface CalendarDTO {
  /** IANA zone; '' = the computer's zone. */
  timeZone: string
  alwaysOpen: boolean
  /** Seven days, Sunday first. */
  weekly: RangeDTO[][]
  holidays: HolidayDTO[]
  overrides: OverrideDTO[]
}

export interface TargetDTO {
  internalMin: number
  /** 0 turns the target off. */
  publishedMin: number
  businessHours: boolean
  warnLeadMin: number
  warnShare: number
}

export interface PolicyDTO {
  firstResponse: TargetDTO
  nextResponse: TargetDTO
  resolution: TargetDTO
}

export interface DeadlineSettingsDTO {
  clientId: number
  calendar: CalendarDTO
  calendarDefault: boolean
  /** Handles with a calendar of their own (the rest use the client's). */
  handleCalendars: { handleId: number; calendar: CalendarDTO }[]
  policy: PolicyDTO
  policyDefault: boolean
  narrowed: { handleId: number; kind: string; policy: PolicyDTO }[]
  notifyOn: boolean
  handleSwitches: { handleId: number; on: boolean }[]
  computerZone: string
}

export interface MoveDTO {
  conversationId: number
  customerName: string
  handleName: string
  clock: string
  oldInternal: number
  newInternal: number
  oldPublished: number
  newPublished: number
}

export interface PreviewDTO {
  total: number
  moves: MoveDTO[]
}

export interface QuietHoursDTO {
  enabled: boolean
  startMin: number
  endMin: number
}

export interface DeadlineEventDTO {
  clock: string
  event: string
  at: number
  recordedAt: number
  notifyState: string
}

export function deadlineSettings(clientId: number): Promise<DeadlineSettingsDTO> {
  return callBackend(() => Deadlines.Settings(clientId))
}

export function saveCalendar(clientId: number, handleId: number, cal: CalendarDTO): Promise<void> {
  return callBackend(() => Deadlines.SaveCalendar(clientId, handleId, app.CalendarDTO.createFrom(cal)))
}

/** Removes a handle's own calendar, so the client's applies again (handleId 0: the client's, so the default applies). */
export function deleteCalendar(clientId: number, handleId: number): Promise<void> {
  return callBackend(() => Deadlines.DeleteCalendar(clientId, handleId))
}

export function previewCalendar(clientId: number, handleId: number, cal: CalendarDTO): Promise<PreviewDTO> {
  return callBackend(() => Deadlines.PreviewCalendar(clientId, handleId, app.CalendarDTO.createFrom(cal)))
}

export function savePolicy(clientId: number, handleId: number, kind: string, p: PolicyDTO): Promise<void> {
  return callBackend(() => Deadlines.SavePolicy(clientId, handleId, kind, app.PolicyDTO.createFrom(p)))
}

export function previewPolicy(clientId: number, handleId: number, kind: string, p: PolicyDTO): Promise<PreviewDTO> {
  return callBackend(() => Deadlines.PreviewPolicy(clientId, handleId, kind, app.PolicyDTO.createFrom(p)))
}

export function deletePolicy(clientId: number, handleId: number, kind: string): Promise<void> {
  return callBackend(() => Deadlines.DeletePolicy(clientId, handleId, kind))
}

/** Reads holidays from the text of an .ics file (nothing is saved). */
export function importICal(timeZone: string, ics: string): Promise<{ holidays: HolidayDTO[]; skipped: number }> {
  return callBackend(() => Deadlines.ImportICal(timeZone, ics))
}

export function setNotify(clientId: number, handleId: number, on: boolean): Promise<void> {
  return callBackend(() => Deadlines.SetNotify(clientId, handleId, on))
}

export function getQuietHours(): Promise<QuietHoursDTO> {
  return callBackend(() => Deadlines.QuietHours())
}

export function setQuietHours(q: QuietHoursDTO): Promise<void> {
  return callBackend(() => Deadlines.SetQuietHours(app.QuietHoursDTO.createFrom(q)))
}

export function dueSoon(withinMinutes: number): Promise<ConversationDTO[]> {
  return callBackend(() => Deadlines.DueSoon(withinMinutes))
}

export function deadlineEvents(conversationId: number): Promise<DeadlineEventDTO[]> {
  return callBackend(() => Deadlines.Events(conversationId))
}
