import './handles.css'
import { queryKeys } from '../../lib/queryKeys'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { errorMessage, openLink, type ClientGroupDTO } from '../../lib/wails'
import {
  addHandle,
  chooseSignIn,
  networkSpecs,
  signIn,
  testConnection,
  type ConnectionResult,
  type NetworkSpec,
  type SignInChoice,
} from '../../lib/wails/handles'
import { NetworkBadge } from '../../ui/NetworkBadge'
import { formatTimeOfDay } from '../../lib/time'

interface Props {
  clients: ClientGroupDTO[]
  defaultClientId?: number
  onClose: () => void
}

function split(spec: NetworkSpec | undefined, values: Record<string, string>) {
  const settings: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  for (const f of spec?.fields ?? []) {
    const v = (values[f.key] ?? '').trim()
    if (v === '') continue
    if (f.secret) secrets[f.key] = v
    else settings[f.key] = v
  }
  return { settings, secrets }
}

/** The add-handle form: pick a client and a network, fill in what that network needs, test, save. */
export function AddHandle({ clients, defaultClientId, onClose }: Props) {
  const qc = useQueryClient()
  const specs = useQuery({ queryKey: queryKeys.networkSpecs, queryFn: networkSpecs, staleTime: Infinity })
  const [clientId, setClientId] = useState(defaultClientId ?? clients[0]?.id ?? 0)
  const [network, setNetwork] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [result, setResult] = useState<ConnectionResult | null>(null)
  // Pages offered by "Sign in with Facebook" (ids and names only; the tokens stay in the app).
  const [pages, setPages] = useState<SignInChoice[] | null>(null)
  const [pickedPage, setPickedPage] = useState('')
  const spec = useMemo(() => specs.data?.find((s) => s.network === network), [specs.data, network])

  useEffect(() => {
    if (!network && specs.data && specs.data.length > 0) setNetwork(specs.data[0].network)
  }, [network, specs.data])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  const test = useMutation({
    mutationFn: () => {
      const { settings, secrets } = split(spec, values)
      return testConnection(network, settings, secrets)
    },
    onSuccess: setResult,
  })
  const save = useMutation({
    mutationFn: () => addHandle({ clientId, network, displayName: displayName.trim(), ...split(spec, values) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
      onClose()
    },
  })
  const oauth = useMutation({
    mutationFn: () => signIn(clientId, network, split(spec, values).settings),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
      onClose()
    },
  })
  const facebookLogin = network === 'facebook' || network === 'instagram'
  const fbSignIn = useMutation({
    mutationFn: () => signIn(clientId, network, split(spec, values).settings).then((r) => r.choices ?? []),
    onMutate: () => {
      setPages(null)
      setPickedPage('')
    },
    onSuccess: (found) => {
      setPages(found)
      const usable = found.filter((p) => !p.unusable)
      if (usable.length === 1) setPickedPage(usable[0].choiceId)
    },
  })
  const fbConnect = useMutation({
    mutationFn: () => chooseSignIn(clientId, network, pickedPage),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
      onClose()
    },
  })
  const pagesExpireAt = pages?.find((p) => p.expiresAt > 0)?.expiresAt ?? 0
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!save.isPending) save.mutate()
  }

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Connect a handle"
        data-testid="add-handle-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={submit}
      >
        <h2>Connect a handle</h2>
        {clients.length === 0 && <p className="inline-error">Create a client first: every handle belongs to one.</p>}
        <label className="field">
          <span>Client</span>
          <select value={clientId} onChange={(e) => setClientId(Number(e.target.value))} data-testid="add-handle-client">
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Network</span>
          <select
            value={network}
            onChange={(e) => {
              setNetwork(e.target.value)
              setValues({})
              setResult(null)
              setPages(null)
              setPickedPage('')
            }}
            data-testid="add-handle-network"
          >
            {(specs.data ?? []).map((s) => (
              <option key={s.network} value={s.network}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {specs.isError && <p className="inline-error">{errorMessage(specs.error)}</p>}
        {spec && (
          <div className="callout" data-testid="add-handle-needs">
            <NetworkBadge network={spec.network} /> <span>{spec.needs}</span>{' '}
            {spec.docsUrl && (
              <a
                href={spec.docsUrl}
                onClick={(e) => {
                  e.preventDefault()
                  void openLink(spec.docsUrl)
                }}
              >
                How to get it
              </a>
            )}
          </div>
        )}
        {spec?.fields.map((f) => (
          <label className="field" key={f.key}>
            <span>
              {f.label}
              {f.optional ? ' (optional)' : ''}
              {f.secret ? ' — kept in your keychain' : ''}
            </span>
            <input
              type={f.secret ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              placeholder={f.placeholder}
              value={values[f.key] ?? ''}
              onChange={(e) => {
                setValues((v) => ({ ...v, [f.key]: e.target.value }))
                setResult(null)
              }}
              data-testid={`field-${f.key}`}
            />
            {f.help && <small className="hint">{f.help}</small>}
          </label>
        ))}
        {(network === 'mastodon' || network === 'x') && (
          <div className="callout" data-testid="oauth-sign-in">
            <span>
              {network === 'x'
                ? 'Sign in to X in your browser with your app — Care Inbox keeps the tokens in your keychain:'
                : 'Or sign in on your instance in the browser — no token to copy:'}
            </span>{' '}
            <button
              type="button"
              className="btn"
              disabled={
                !(network === 'x' ? values.client_id : values.instance)?.trim() || oauth.isPending || clients.length === 0
              }
              onClick={() => oauth.mutate()}
              data-testid="oauth-sign-in-button"
            >
              {oauth.isPending ? 'Waiting for the browser…' : network === 'x' ? 'Sign in with X' : 'Sign in with Mastodon'}
            </button>
            {oauth.isError && <p className="inline-error">{errorMessage(oauth.error)}</p>}
          </div>
        )}
        {facebookLogin && (
          <div className="callout" data-testid="facebook-sign-in">
            <span>
              Or sign in with Facebook through your own Meta app (enter its App ID above, and register
              http://127.0.0.1:{values.callback_port?.trim() || '<port>'}/callback under Facebook Login → Settings → Valid
              OAuth Redirect URIs). The page token goes to your keychain; it lasts only about 1–2 hours, then the handle
              asks you to sign in again — for a lasting connection paste a long-lived Page or system-user token instead.
            </span>{' '}
            <button
              type="button"
              className="btn"
              disabled={!values.login_app_id?.trim() || fbSignIn.isPending || fbConnect.isPending || clients.length === 0}
              onClick={() => fbSignIn.mutate()}
              data-testid="facebook-sign-in-button"
            >
              {fbSignIn.isPending ? 'Waiting for the browser…' : 'Sign in with Facebook'}
            </button>
            {fbSignIn.isError && <p className="inline-error">{errorMessage(fbSignIn.error)}</p>}
            {pages && (
              <fieldset style={{ border: 0, margin: '8px 0 0', padding: 0 }} data-testid="facebook-pages">
                <legend>{network === 'instagram' ? 'Pick the page your Instagram account is linked to' : 'Pick the page to connect'}</legend>
                {pages.map((p) => {
                  const unusable = Boolean(p.unusable)
                  return (
                    <label key={p.choiceId} style={{ display: 'block', margin: '4px 0' }}>
                      <input
                        type="radio"
                        name="facebook-page"
                        value={p.choiceId}
                        checked={pickedPage === p.choiceId}
                        disabled={unusable}
                        onChange={() => setPickedPage(p.choiceId)}
                        data-testid={`facebook-page-${p.accountId}`}
                      />{' '}
                      {p.name}{' '}
                      <small className="hint">{p.detail}</small>
                    </label>
                  )
                })}
                {pagesExpireAt > 0 && (
                  <small className="hint">
                    This sign-in's page token expires at {formatTimeOfDay(pagesExpireAt * 1000)}.
                  </small>
                )}
                <div>
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={!pickedPage || fbConnect.isPending}
                    onClick={() => fbConnect.mutate()}
                    data-testid="facebook-connect-page"
                  >
                    {fbConnect.isPending ? 'Connecting…' : 'Connect this page'}
                  </button>
                </div>
                {fbConnect.isError && <p className="inline-error">{errorMessage(fbConnect.error)}</p>}
              </fieldset>
            )}
          </div>
        )}
        <label className="field">
          <span>Name shown in the inbox (optional)</span>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="add-handle-name" />
        </label>
        {result && (
          <p className={result.ok ? 'inline-ok' : 'inline-error'} role="status" data-testid="connection-result">
            {result.message}
            {result.notes?.map((n) => (
              <span key={n} className="hint">
                <br />
                {n}
              </span>
            ))}
          </p>
        )}
        {(test.isError || save.isError) && (
          <p className="inline-error" role="alert" data-testid="add-handle-error">
            {errorMessage(test.error ?? save.error)}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            disabled={!spec || test.isPending}
            onClick={() => test.mutate()}
            data-testid="test-connection"
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!spec || clients.length === 0 || save.isPending}
            data-testid="save-handle"
          >
            {save.isPending ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
    </div>
  )
}
