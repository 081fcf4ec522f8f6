import './shell.css'
import type { InfoDTO } from '../../lib/wails'

export function Banners({ info }: { info: InfoDTO | undefined }) {
  if (!info) return null
  return (
    <>
      {info.demo && (
        <div className="banner banner-demo" data-testid="demo-banner" role="status">
          <strong>Demo workspace</strong> — sample data, not connected to any real account
        </div>
      )}
      {info.readOnly && (
        <div className="banner banner-warn" data-testid="read-only-banner" role="status">
          <strong>Read-only copy</strong> — you can read and search every conversation here; nothing is synced, sent
          or changed.
        </div>
      )}
      {!info.keychainOk && (
        <div className="banner banner-warn" data-testid="keychain-banner" role="alert">
          <strong>Keychain problem:</strong>{' '}
          {info.keychainMessage ||
            'the system keychain is not available. Care Inbox keeps passwords and tokens only there, so accounts cannot be connected until it works.'}
        </div>
      )}
    </>
  )
}
