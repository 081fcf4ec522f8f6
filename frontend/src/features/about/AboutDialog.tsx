// About Care Inbox (Help menu): the version, the licences of what it
// bundles, and the desktop settings that belong to the program rather than
// a workspace: start at login, diagnostics, the folders, Quit.
import { useEffect, useState } from 'react'
import {
  about,
  copyDiagnostics,
  openDataFolder,
  openLogsFolder,
  quit,
  setStartAtLogin,
  startAtLogin,
  type AboutDTO,
  type StartAtLoginDTO,
} from '../../lib/wails/desktop'
import { errorMessage } from '../../lib/wails/errors'

export function AboutDialog({ onClose }: { onClose: () => void }) {
  const [info, setInfo] = useState<AboutDTO | null>(null)
  const [login, setLogin] = useState<StartAtLoginDTO | null>(null)
  const [note, setNote] = useState<string | null>(null)

  useEffect(() => {
    about().then(setInfo, (e: unknown) => setNote(errorMessage(e)))
    startAtLogin().then(setLogin, (e: unknown) => setNote(errorMessage(e)))
  }, [])

  const act = (p: Promise<unknown>, done?: string) =>
    p.then(
      () => done && setNote(done),
      (e: unknown) => setNote(errorMessage(e)),
    )

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="dialog about-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="About Care Inbox"
        data-testid="about-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            onClose()
          }
        }}
      >
        <h3>About Care Inbox</h3>
        <button type="button" className="btn dialog-close" autoFocus onClick={onClose}>
          Close
        </button>
        <p>
          Version <strong data-testid="about-version">{info?.version ?? '…'}</strong>
        </p>
        <p className="hint">
          Closing the window keeps Care Inbox watching: syncing and deadline notifications go on. Open it again from your menu to bring the
          window back; Quit stops it.
        </p>
        {login?.available && (
          <label className="check">
            <input
              type="checkbox"
              checked={login.enabled}
              data-testid="start-at-login"
              onChange={(e) => act(setStartAtLogin(e.target.checked).then(setLogin))}
            />{' '}
            Start Care Inbox when I log in (with its window hidden)
          </label>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" data-testid="copy-diagnostics" onClick={() => act(copyDiagnostics(), 'Diagnostics copied: no passwords, tokens or message text are in them.')}>
            Copy diagnostics
          </button>
          <button type="button" className="btn" onClick={() => act(openLogsFolder())}>
            Open logs folder
          </button>
          <button type="button" className="btn" onClick={() => act(openDataFolder())}>
            Open data folder
          </button>
          <button type="button" className="btn" data-testid="quit" onClick={() => act(quit())}>
            Quit Care Inbox
          </button>
        </div>
        {note && (
          <p className="hint" role="status" data-testid="about-note">
            {note}
          </p>
        )}
        <details>
          <summary>Licences of bundled components ({info?.licences.length ?? 0})</summary>
          <ul className="about-licences" data-testid="about-licences">
            {info?.licences.map((l) => (
              <li key={l.name}>
                {l.name} — {l.licence}
              </li>
            ))}
          </ul>
        </details>
      </div>
    </div>
  )
}
