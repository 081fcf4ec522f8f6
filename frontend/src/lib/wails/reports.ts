// Typed wrapper for ReportsAPI (issue 11): the Reports screen's figures. Like
// index.ts, only this folder imports the generated bindings.
import * as Reports from '../../../wailsjs/go/app/ReportsAPI'
import { call as callBackend } from './call'
import type { ReportDTO } from './models'

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
