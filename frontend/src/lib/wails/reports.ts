// Typed wrapper for ReportsAPI and InsightsAPI (issue 11): the Reports
// screen's figures, insights and exports. Like index.ts, only this folder
// imports the generated bindings.
import * as Insights from '../../../wailsjs/go/app/InsightsAPI'
import * as Reports from '../../../wailsjs/go/app/ReportsAPI'
import { call as callBackend } from './call'
import type { ExportFileDTO, InsightsDTO, ReportDTO } from './models'

/** What a report covers: 0 / '' mean any client, handle, network or channel kind. */
export interface ReportScope {
  clientId: number
  handleId: number
  network: string
  kind: string
}

/** The report of scope from the first to the last day (included), YYYY-MM-DD in the scope's time zone. */
export function report(scope: ReportScope, from: string, to: string): Promise<ReportDTO> {
  return callBackend(() => Reports.Report(scope.clientId, scope.handleId, scope.network, scope.kind, from, to))
}

/** The client report of scope over the days as a file: format "pdf" or "html". */
export function clientReport(scope: ReportScope, from: string, to: string, format: 'pdf' | 'html'): Promise<ExportFileDTO> {
  return callBackend(() => Reports.ClientReport(scope.clientId, scope.handleId, scope.network, scope.kind, from, to, format))
}

/**
 * Asks the desktop app to save a file (it shows a save dialog). Resolves with
 * the path it was saved at, or null when the person cancelled.
 */
export async function saveExport(fileName: string, base64: string): Promise<string | null> {
  const where = await callBackend(() => Reports.SaveExport(fileName, base64))
  return where !== '' ? where : null
}

/** Terms, phrases, tags, issues and customers of scope over the days. Private messages' words only when asked. */
export function insights(scope: ReportScope, from: string, to: string, includePrivate: boolean): Promise<InsightsDTO> {
  return callBackend(() => Insights.Insights(scope.clientId, scope.handleId, scope.network, scope.kind, from, to, includePrivate))
}
