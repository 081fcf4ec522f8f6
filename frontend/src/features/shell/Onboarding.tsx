import './shell.css'
import { useState, type FormEvent } from 'react'
import { NETWORK_ORDER, networkInfo } from '../../lib/networks'
import { useCreateClient } from '../../lib/queries'
import { errorMessage, openSampleWorkspace, type SidebarDTO } from '../../lib/wails'
import { AddHandle } from '../handles/AddHandle'
import { NetworkBadge } from '../../ui/NetworkBadge'

/**
 * The first run: a client, its first handle, and (in any order) its business
 * hours and reply promises — onDeadlines opens the Deadlines screen, which an
 * owner may want to set before the first messages arrive.
 */
export function Onboarding({ sidebar, onDeadlines }: { sidebar: SidebarDTO; onDeadlines?: () => void }) {
  const list = NETWORK_ORDER
  const create = useCreateClient()
  const [name, setName] = useState('')
  const [adding, setAdding] = useState(false)
  const [sample, setSample] = useState<'idle' | 'opening' | 'opened' | { error: string }>('idle')
  const openSample = () => {
    setSample('opening')
    openSampleWorkspace()
      .then(() => setSample('opened'))
      .catch((e) => setSample({ error: errorMessage(e) }))
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!name.trim() || create.isPending) return
    create.mutate(name.trim(), { onSuccess: () => setName('') })
  }
  const clients = sidebar.clients
  return (
    <main className="onboarding" data-testid="onboarding">
      <div className="onboarding-card">
        <h1>Welcome to Care Inbox</h1>
        <p className="lead">
          One inbox for every customer-care account you answer — for your own business or for each of your clients — ordered
          by who has waited longest for a reply.
        </p>

        <h2>Works with</h2>
        <ul className="network-list" data-testid="onboarding-networks">
          {list.map((n) => (
            <li key={n}>
              <NetworkBadge network={n} />
              <span>{networkInfo(n).label}</span>
            </li>
          ))}
        </ul>

        <h2>Your credentials stay on this computer</h2>
        <p>
          Passwords and access tokens are kept only in your operating system’s keychain, never in the Care Inbox database or
          in files. Messages are stored locally.
        </p>

        <h2>{clients.length === 0 ? 'Start with your first client' : 'Your clients'}</h2>
        <p className="hint">
          A client is a business whose accounts you answer. Working only for yourself? Use your business name.
        </p>
        {clients.length > 0 && (
          <ul className="client-list" data-testid="onboarding-clients">
            {clients.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        )}
        <form className="inline-form" onSubmit={submit} data-testid="create-client-form">
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Client name, e.g. Bakery Lumière"
            aria-label="Client name"
            maxLength={200}
            data-testid="client-name-input"
          />
          <button type="submit" className="btn btn-primary" disabled={!name.trim() || create.isPending} data-testid="create-client">
            {create.isPending ? 'Adding…' : clients.length === 0 ? 'Create client' : 'Add another client'}
          </button>
        </form>
        {create.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}

        {clients.length > 0 && (
          <>
            <h2>Connect your first handle</h2>
            <p className="hint">
              E-mail, Mastodon, Bluesky and Telegram connect with a password, app password or token; you can test the
              connection before saving.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="open-add-handle">
              Connect a handle…
            </button>
          </>
        )}
        {adding && <AddHandle clients={clients} onClose={() => setAdding(false)} />}
        {clients.length > 0 && onDeadlines && (
          <>
            <h2>Your opening hours and reply promise</h2>
            <p className="hint">
              Set when you answer (for example Monday to Friday, 9 to 5) and how soon you promise a reply; the queue counts
              its deadlines in those hours. You can do this before or after connecting.
            </p>
            <button type="button" className="btn" onClick={onDeadlines} data-testid="onboarding-deadlines">
              Set hours and promises…
            </button>
          </>
        )}
        <h2>Look around first</h2>
        <p className="hint">
          The sample workspace has realistic, made-up conversations in a separate database of its own: nothing you do there
          touches your clients.
        </p>
        <div className="inline-form">
          <button type="button" className="btn" onClick={openSample} disabled={sample === 'opening'} data-testid="open-sample">
            {sample === 'opening' ? 'Opening…' : 'Open the sample workspace'}
          </button>
        </div>
        <div aria-live="polite">
          {sample === 'opened' && (
            <p className="hint" data-testid="sample-opened">
              The sample workspace opens in a window of its own.
            </p>
          )}
          {typeof sample === 'object' && (
            <p className="inline-error" role="alert" data-testid="sample-error">
              {sample.error}
            </p>
          )}
        </div>
      </div>
    </main>
  )
}
