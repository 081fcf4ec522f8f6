// TEMPORARY (issue 11): bindings and DTOs other helpers are adding to app/
// right now. Until they are generated into wailsjs/, the wrappers reach the
// bound methods the way the generated code does (window.go.app.X.Y) and the
// screen reads these hand-written types, which match the JSON. Deleted once
// `scripts/check-bindings.sh` has generated the real ones on main.
import type { ReportDTO, ReportFiguresDTO, ReportTimesDTO } from './models'

interface GoWindow {
  go?: { app?: Record<string, Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined> | undefined> }
}

/** The bound method api.method, or undefined when this back end has none. */
export function boundMethod(api: string, method: string): ((...args: unknown[]) => Promise<unknown>) | undefined {
  if (typeof window === 'undefined') return undefined
  return (window as unknown as GoWindow).go?.app?.[api]?.[method]
}

export interface ReportBucketDTO {
  label: string
  upToSec: number
  wall: number
  business: number
}

export interface ReportGroupDTO {
  key: string
  label: string
  conversationsIn: number
  messagesIn: number
  replied: number
  resolved: number
  stillOpen: number
  firstResponse: ReportTimesDTO
  promiseKeptPct: number
  promiseBreached: number
}

export interface ReportHourOfDayDTO {
  hour: number
  count: number
  wallMedianSec: number
  businessMedianSec: number
}

export interface ReportBacklogDTO {
  at: number
  open: number
}

export type FiguresDTO = ReportFiguresDTO & {
  resolution?: ReportTimesDTO
  firstResponseDistribution?: ReportBucketDTO[]
  perHandle?: ReportGroupDTO[]
  perNetwork?: ReportGroupDTO[]
  firstResponseByHour?: ReportHourOfDayDTO[]
}

export type FullReportDTO = Omit<ReportDTO, 'current' | 'previous'> & {
  current: FiguresDTO
  previous: FiguresDTO
  backlog?: ReportBacklogDTO[]
  backlogStep?: string
}

export interface ExportFileDTO {
  fileName: string
  mime: string
  base64: string
}

export interface InsightTermDTO {
  term: string
  display: string
  conversations: number
  previous: number
  score: number
  query: string
}

export interface InsightTagDTO {
  tag: string
  conversations: number
  previous: number
}

export interface InsightIssueDTO {
  label: string
  terms: string[]
  conversations: number
  conversationIds: number[]
  query: string
}

export interface InsightCustomerDTO {
  customerId: number
  name: string
  network: string
  conversations: number
}

export interface InsightsDTO {
  terms: InsightTermDTO[]
  phrases: InsightTermDTO[]
  tags: InsightTagDTO[]
  issues: InsightIssueDTO[]
  customers: InsightCustomerDTO[]
  privateIncluded: boolean
  messagesRead: number
  capped: boolean
}
