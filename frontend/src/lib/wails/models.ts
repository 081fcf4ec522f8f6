// The front end's names for the Go DTOs and enums. Every type here is derived
// from wailsjs/go/models.ts, which `wails generate module` writes from app/
// (and `make test-bindings` keeps current), so the contract is written once,
// in Go. Fix a poor TypeScript type on the Go side (a `ts_type` struct tag),
// not here.
// Type-only: the generated module is a namespace of classes that no bundler
// can tree-shake, so a value import would put all of it (≈ 45 KB) into the
// start-up bundle. Bound methods take and return JSON either way.
import type { app, connector } from '../../../wailsjs/go/models'

/**
 * The data of a generated model class: its fields (nested models as data too)
 * without the class's methods. Bound methods resolve with plain JSON objects,
 * not class instances, and the front end builds plain objects too. A Go
 * pointer is generated as an optional field but arrives as null when nil, so
 * optional fields accept null as well.
 */
export type Model<T> = T extends (infer U)[]
  ? Model<U>[]
  : T extends object
    ? {
        [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: undefined extends T[K]
          ? Model<T[K]> | null
          : Model<T[K]>
      }
    : T

// Enums (options.App.EnumBind in main.go; declared in app/enums.go). Each is
// both the TypeScript enum type and its values, e.g. ConversationStatus.Open.
// A string literal is not assignable to an enum: use the member. The values
// are written out here rather than read from the generated enums (see the
// import above); models.test.ts fails when they differ from the generated ones.
export const Network = { Bluesky: 'bluesky', Email: 'email', Facebook: 'facebook', Instagram: 'instagram', LinkedIn: 'linkedin', Mastodon: 'mastodon', Telegram: 'telegram', X: 'x' } as unknown as typeof app.Network
export type Network = app.Network
export const ConversationKind = { Email: 'email', Private: 'private', Public: 'public' } as unknown as typeof app.ConversationKind
export type ConversationKind = app.ConversationKind
export const ConversationStatus = { Open: 'open', Pending: 'pending', Resolved: 'resolved', Snoozed: 'snoozed' } as unknown as typeof app.Status
export type ConversationStatus = app.Status
export const Direction = { In: 'in', Out: 'out' } as unknown as typeof app.Direction
export type Direction = app.Direction
export const Delivery = { Failed: 'failed', Queued: 'queued', Received: 'received', Sending: 'sending', Sent: 'sent' } as unknown as typeof app.Delivery
export type Delivery = app.Delivery
export const SyncState = { AuthNeeded: 'auth_needed', Error: 'error', Idle: 'idle', OK: 'ok', RateLimited: 'rate_limited', Syncing: 'syncing' } as unknown as typeof app.SyncState
export type SyncState = app.SyncState
export const Mood = { Negative: 'negative', Neutral: 'neutral', Positive: 'positive', Unknown: 'unknown' } as unknown as typeof app.Mood
export type Mood = app.Mood
export const DeadlineClock = { Resolution: 'resolution', Response: 'response' } as unknown as typeof app.DeadlineClock
export type DeadlineClock = app.DeadlineClock
export const DeadlineKind = { First: 'first', Next: 'next', Resolution: 'resolution' } as unknown as typeof app.DeadlineKind
export type DeadlineKind = app.DeadlineKind
export const DeadlineState = { AtRisk: 'at_risk', Breached: 'breached', Imminent: 'imminent', Late: 'late', OnTrack: 'on_track', Paused: 'paused' } as unknown as typeof app.DeadlineState
export type DeadlineState = app.DeadlineState

/**
 * A plain object as the generated class a bound method's signature names.
 * The classes only copy their fields (createFrom); Wails sends the object as
 * JSON either way, so the copy is left out with the classes themselves.
 */
export function asDTO<T>(v: Model<T>): T {
  return v as unknown as T
}

// Inbox, workspace and sidebar (app/dto.go). Times are Unix ms, 0 = never.
export type ConversationDTO = Model<app.ConversationDTO>
export type ConversationPageDTO = Model<app.ConversationPageDTO>
export type ConversationDetailDTO = Model<app.ConversationDetailDTO>
export type MessageDTO = Model<app.MessageDTO>
export type NoteDTO = Model<app.NoteDTO>
export type FilterDTO = Model<app.FilterDTO>
export type HandleDTO = Model<app.HandleDTO>
export type ClientGroupDTO = Model<app.ClientGroupDTO>
export type SidebarDTO = Model<app.SidebarDTO>
export type InfoDTO = Model<app.InfoDTO>
export type ProblemDTO = Model<app.ProblemDTO>
export type SentimentDTO = Model<app.SentimentDTO>

// Finishing in public (app/publicclose_api.go).
export type PublicCloseDTO = Model<app.PublicCloseDTO>
export type PublicCloseEventDTO = Model<app.PublicCloseEventDTO>
export type PublicCloseSettingsDTO = Model<app.PublicCloseSettingsDTO>

// Deadlines (app/deadlines_api.go).
export type DeadlineDTO = Model<app.DeadlineDTO>
export type RangeDTO = Model<app.RangeDTO>
export type HolidayDTO = Model<app.HolidayDTO>
export type OverrideDTO = Model<app.OverrideDTO>
export type CalendarDTO = Model<app.CalendarDTO>
export type TargetDTO = Model<app.TargetDTO>
export type PolicyDTO = Model<app.PolicyDTO>
export type HandleCalendarDTO = Model<app.HandleCalendarDTO>
export type NarrowedPolicyDTO = Model<app.NarrowedPolicyDTO>
export type HandleSwitchDTO = Model<app.HandleSwitchDTO>
export type DeadlineSettingsDTO = Model<app.DeadlineSettingsDTO>
export type SettingsDraftDTO = Model<app.SettingsDraftDTO>
export type MoveDTO = Model<app.MoveDTO>
export type PreviewDTO = Model<app.PreviewDTO>
export type QuietHoursDTO = Model<app.QuietHoursDTO>
export type NotificationPauseDTO = Model<app.NotificationPauseDTO>
export type DeadlineEventDTO = Model<app.DeadlineEventDTO>
export type ICalImportDTO = Model<app.ICalImportDTO>

// Reports (app/reports_api.go).
export type ReportDTO = Model<app.ReportDTO>
export type ReportFiguresDTO = Model<app.ReportFiguresDTO>
export type ReportVolumeDTO = Model<app.ReportVolumeDTO>
export type ReportTimesDTO = Model<app.ReportTimesDTO>
export type ReportTargetDTO = Model<app.ReportTargetDTO>
export type ReportBreachDTO = Model<app.ReportBreachDTO>
export type ReportHourDTO = Model<app.ReportHourDTO>
export type ReportBucketDTO = Model<app.ReportBucketDTO>
export type ReportRowDTO = Model<app.ReportRowDTO>
export type ReportHourOfDayDTO = Model<app.ReportHourOfDayDTO>
export type ReportBacklogPointDTO = Model<app.ReportBacklogPointDTO>
/** A file made for the user to save (a client report): name, MIME type, bytes in base64. */
export type ExportFileDTO = Model<app.ExportFileDTO>

// Insights (app/insights_api.go).
export type InsightsDTO = Model<app.InsightsDTO>
export type InsightTermDTO = Model<app.InsightTermDTO>
export type InsightTagDTO = Model<app.InsightTagDTO>
export type InsightIssueDTO = Model<app.InsightIssueDTO>
export type InsightCustomerDTO = Model<app.InsightCustomerDTO>

// Triage, compose and search (app/triage_api.go, compose_api.go, search_api.go).
export type TagDTO = Model<app.TagDTO>
export type SavedViewDTO = Model<app.SavedViewDTO>
export type DraftDTO = Model<app.DraftDTO>
export type SavedReplyDTO = Model<app.SavedReplyDTO>
export type ComposeContextDTO = Model<app.ComposeContextDTO>
export type VoiceDTO = Model<app.VoiceDTO>
export type VoiceExampleDTO = Model<app.VoiceExampleDTO>
export type VoiceWordDTO = Model<app.VoiceWordDTO>
export type WordHitDTO = Model<app.WordHitDTO>
export type GuideDTO = Model<app.GuideDTO>
export type FindingDTO = Model<app.FindingDTO>
export type SensitiveMessageDTO = Model<app.SensitiveMessageDTO>
export type MoveResultDTO = Model<app.MoveResultDTO>
export type SearchQueryDTO = Model<app.SearchQueryDTO>
export type SearchResultDTO = Model<app.SearchResultDTO>
export type SearchResultsDTO = Model<app.SearchResultsDTO>
export type TimelineEntryDTO = Model<app.TimelineEntryDTO>
export type CustomerDTO = Model<app.CustomerDTO>

// Handles (app/handles_api.go; the form of each network is its connector.Spec).
export type FieldSpec = Model<connector.Field>
export type NetworkSpec = Model<connector.Spec>
export type MailPreset = Model<app.MailPresetDTO>
export type MailDiscovery = Model<app.MailDiscoveryDTO>
export type MailSettings = Model<app.MailSettingsDTO>
export type ConnectionResult = Model<app.ConnectionResultDTO>
export type NewHandle = Model<app.NewHandleDTO>
/** What "Sign in with …" yields: the connected handle, or the accounts to pick from. */
export type SignInResult = Model<app.SignInResultDTO>
/** An account offered by a sign-in (a Facebook page); its token stays in the app, named by choiceId. */
export type SignInChoice = Model<app.SignInChoiceDTO>

// The app as a desktop citizen (app/desktop.go, issue 17).
export type AboutDTO = Model<app.AboutDTO>
export type LicenceDTO = Model<app.LicenceDTO>
export type StartAtLoginDTO = Model<app.StartAtLoginDTO>
// Importing an archive (app/import_api.go).
export type ImportStatusDTO = Model<app.ImportStatusDTO>
export type ImportSkipDTO = Model<app.ImportSkipDTO>

// Listening (app/listen_api.go, issue 16).
export type ListenSearchDTO = Model<app.ListenSearchDTO>
export type ListenSourceDTO = Model<app.ListenSourceDTO>
export type ListenSearchInput = Model<app.ListenSearchInput>
export type ListenResultDTO = Model<app.ListenResultDTO>
export type ListenMuteDTO = Model<app.ListenMuteDTO>
export type ListenTermDTO = Model<app.ListenTermDTO>
export type ListenSpikeDTO = Model<app.ListenSpikeDTO>
