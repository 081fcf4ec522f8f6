// Typed wrapper for DataAPI (issue 15): exports, backups, restore and
// forgetting a customer, for the Data screen. Like index.ts, only this
// folder imports the generated bindings.
import * as Data from '../../../wailsjs/go/app/DataAPI'
import type { app } from '../../../wailsjs/go/models'
import { call } from './call'
import type { Model } from './models'

export type ExportScopeDTO = Model<app.ExportScopeDTO>
export type ExportResultDTO = Model<app.ExportResultDTO>
export type BackupDTO = Model<app.BackupDTO>
export type BackupSettingsDTO = Model<app.BackupSettingsDTO>
export type RestoreDTO = Model<app.RestoreDTO>
export type RestoreStatusDTO = Model<app.RestoreStatusDTO>
export type SignInDTO = Model<app.SignInDTO>
export type CustomerRefDTO = Model<app.CustomerRefDTO>
export type ErasureDTO = Model<app.ErasureDTO>

export type ExportFormat = 'csv' | 'json' | 'html'

/** Exactly one of the ids, client or search; from/to are YYYY-MM-DD (both included). */
export function exportScope(p: Partial<ExportScopeDTO>): ExportScopeDTO {
  return { conversationId: 0, customerId: 0, client: '', search: '', from: '', to: '', ...p }
}

/**
 * Writes an export. path '' asks where with the system's save dialog; resolves
 * with path '' when the person cancelled.
 */
export function exportData(scope: ExportScopeDTO, format: ExportFormat, notes: boolean, path = ''): Promise<ExportResultDTO> {
  return call(() => Data.Export(scope, format, notes, path))
}

/** Makes a verified backup now: into the backups folder (path '') or to path. */
export function backupNow(path = ''): Promise<BackupDTO> {
  return call(() => Data.BackupNow(path))
}

export function listBackups(): Promise<BackupDTO[]> {
  return call(() => Data.Backups())
}

export function backupSettings(): Promise<BackupSettingsDTO> {
  return call(() => Data.BackupSettings())
}

export function saveBackupSettings(daily: boolean, keep: number): Promise<void> {
  return call(() => Data.SaveBackupSettings(daily, keep))
}

/** Stages a backup for the next start (path '' : the system's open dialog). */
export function stageRestore(path = ''): Promise<RestoreDTO> {
  return call(() => Data.StageRestore(path))
}

export function cancelRestore(): Promise<void> {
  return call(() => Data.CancelRestore())
}

export function restoreStatus(): Promise<RestoreStatusDTO> {
  return call(() => Data.RestoreStatus())
}

/** Closes the app so a staged restore is applied at the next start. */
export function quitToRestore(): Promise<void> {
  return call(() => Data.QuitToRestore())
}

export function findCustomers(text: string): Promise<CustomerRefDTO[]> {
  return call(() => Data.FindCustomers(text))
}

/** Erases one customer everywhere (confirmed by the person first). */
export function forgetCustomer(customerId: number): Promise<ErasureDTO> {
  return call(() => Data.ForgetCustomer(customerId, true))
}

export function listErasures(): Promise<ErasureDTO[]> {
  return call(() => Data.Erasures())
}
