import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { formatFull } from '../../lib/time'
import { errorMessage } from '../../lib/wails'
import {
  backupNow,
  backupSettings,
  cancelRestore,
  listBackups,
  quitToRestore,
  restoreStatus,
  saveBackupSettings,
  stageRestore,
  type BackupDTO,
  type RestoreDTO,
  type SignInDTO,
} from '../../lib/wails/data'

function size(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function SignInList({ handles, testid }: { handles: SignInDTO[]; testid: string }) {
  if (handles.length === 0) return null
  return (
    <div data-testid={testid}>
      <p>These handles need their sign-in again (their passwords and tokens live in this computer's keychain, never in a backup):</p>
      <ul className="data-list">
        {handles.map((h) => (
          <li key={h.handleId} data-testid="needs-sign-in">
            <bdi>{h.displayName}</bdi> · {h.network} · <bdi>{h.clientName}</bdi>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Backups: one click now, the daily schedule with how many to keep, and restoring one. */
export function BackupCard() {
  const qc = useQueryClient()
  const list = useQuery({ queryKey: queryKeys.backups, queryFn: listBackups })
  const settings = useQuery({ queryKey: queryKeys.backupSettings, queryFn: backupSettings })
  const status = useQuery({ queryKey: queryKeys.restoreStatus, queryFn: restoreStatus })
  const [daily, setDaily] = useState(true)
  const [keep, setKeep] = useState(7)
  useEffect(() => {
    if (settings.data) {
      setDaily(settings.data.daily)
      setKeep(settings.data.keep)
    }
  }, [settings.data])
  const [busy, setBusy] = useState<'' | 'backup' | 'settings' | 'restore'>('')
  const [made, setMade] = useState<BackupDTO | null>(null)
  const [error, setError] = useState<unknown>(null)
  // What the restore confirmation is about: a backup of the list, or
  // another file chosen with the system's dialog ('').
  const [confirming, setConfirming] = useState<null | { path: string; at: number }>(null)
  const [staged, setStaged] = useState<RestoreDTO | null>(null)
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.data })
  const act = (what: typeof busy, fn: () => Promise<unknown>) => {
    setBusy(what)
    setError(null)
    fn()
      .catch(setError)
      .finally(() => {
        setBusy('')
        void refresh()
      })
  }
  const dirty = settings.data !== undefined && (settings.data.daily !== daily || settings.data.keep !== keep)
  const pending = status.data?.pending ?? false
  return (
    <section className="data-card" data-testid="data-backup" aria-labelledby="data-backup-title">
      <h2 id="data-backup-title">Backup &amp; restore</h2>
      {status.data?.restored && (
        <div className="data-ok" role="status" data-testid="restored-banner">
          <p>A backup was restored when Care Inbox started. The workspace it replaced was kept at {status.data.keptAside}.</p>
        </div>
      )}
      {status.data && <SignInList handles={status.data.needSignIn} testid="restore-sign-ins" />}
      <p className="data-note">
        A backup is one file with every conversation, note and setting, made while the app runs and checked before it is kept.
        Passwords and tokens are not in it.
      </p>
      <div className="data-row">
        <button type="button" className="btn btn-primary" disabled={busy !== ''} onClick={() => act('backup', () => backupNow().then(setMade))} data-testid="backup-now">
          {busy === 'backup' ? 'Backing up…' : 'Back up now'}
        </button>
        {made && (
          <span className="data-ok" role="status" data-testid="backup-result">
            Saved {size(made.bytes)} to {made.path}
          </span>
        )}
      </div>
      <div className="data-row">
        <label>
          <input type="checkbox" checked={daily} onChange={(e) => setDaily(e.target.checked)} data-testid="backup-daily" />
          Back up every day
        </label>
        <label>
          keep the newest
          <input type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(Number(e.target.value))} data-testid="backup-keep" />
        </label>
        <button type="button" className="btn" disabled={!dirty || busy !== '' || !(keep >= 1 && keep <= 365)} onClick={() => act('settings', () => saveBackupSettings(daily, keep))} data-testid="backup-settings-save">
          Save
        </button>
        {settings.data && (
          <span className="data-note">
            In {settings.data.folder}
            {settings.data.lastAt > 0 ? ` · last daily backup ${formatFull(settings.data.lastAt)}` : ''}
          </span>
        )}
      </div>
      {(list.data?.length ?? 0) > 0 && (
        <ul className="data-list" data-testid="backup-list" aria-label="Backups">
          {list.data!.map((b) => (
            <li key={b.path} data-testid="backup-item">
              <span>{formatFull(b.at)}</span>
              <span className="data-note">{size(b.bytes)}</span>
              <button
                type="button"
                className="btn btn-small"
                disabled={pending || staged !== null || busy !== ''}
                onClick={() => setConfirming({ path: b.path, at: b.at })}
                aria-label={`Restore the backup of ${formatFull(b.at)}…`}
                data-testid="backup-restore"
              >
                Restore…
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Restore</h2>
      {pending || staged ? (
        <div role="status" data-testid="restore-staged">
          <p>
            The backup will replace this workspace when Care Inbox next starts: quit it, then start it again. The current workspace is kept aside,
            not deleted.
          </p>
          {staged && <SignInList handles={staged.needSignIn} testid="staged-sign-ins" />}
          <div className="data-row">
            <button type="button" className="btn btn-primary" onClick={() => void quitToRestore()} data-testid="restore-quit">
              Quit Care Inbox to restore
            </button>
            <button type="button" className="btn" onClick={() => act('restore', () => cancelRestore().then(() => setStaged(null)))} data-testid="restore-cancel">
              Cancel the restore
            </button>
          </div>
        </div>
      ) : confirming ? (
        <div className="data-confirm" role="alertdialog" aria-label="Restore a backup" data-testid="restore-confirm">
          <p>
            {confirming.path !== '' ? `Replace this workspace with the backup of ${formatFull(confirming.at)}?` : 'Replace this workspace with a backup?'}{' '}
            Conversations that arrived after the backup was made are synced again where the network still has them.
          </p>
          <div className="data-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy !== ''}
              onClick={() =>
                act('restore', () =>
                  stageRestore(confirming.path).then((r) => {
                    setConfirming(null)
                    if (r.path !== '') setStaged(r)
                  }),
                )
              }
              data-testid={confirming.path !== '' ? 'restore-run' : 'restore-choose'}
            >
              {confirming.path !== '' ? 'Restore this backup' : 'Choose the backup…'}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(null)} data-testid="restore-back">
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="data-row">
          <button type="button" className="btn" onClick={() => setConfirming({ path: '', at: 0 })} data-testid="restore-start">
            Restore from another file…
          </button>
          {(list.data?.length ?? 0) > 0 && <span className="data-note">or press Restore… beside one of the backups above.</span>}
        </div>
      )}
      {error != null && (
        <p className="data-error" role="alert" data-testid="backup-error">
          {errorMessage(error)}
        </p>
      )}
    </section>
  )
}
