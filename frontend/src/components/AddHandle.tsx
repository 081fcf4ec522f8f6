import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { errorMessage, openLink, type ClientGroupDTO } from '../lib/wails'
import {
  addHandle,
  networkSpecs,
  signInMastodon,
  signInX,
  testConnection,
  type ConnectionResult,
  type NetworkSpec,
} from '../lib/wails/handles'
import { NetworkBadge } from './NetworkBadge'

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
  const specs = useQuery({ queryKey: ['network-specs'], queryFn: networkSpecs, staleTime: Infinity })
  const [clientId, setClientId] = useState(defaultClientId ?? clients[0]?.id ?? 0)
  const [network, setNetwork] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [result, setResult] = useState<ConnectionResult | null>(null)
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
      void qc.invalidateQueries({ queryKey: ['sidebar'] })
      onClose()
    },
  })
  const oauth = useMutation({
    mutationFn: () =>
      network === 'x' ? signInX(clientId, split(spec, values).settings) : signInMastodon(clientId, values.instance ?? ''),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['sidebar'] })
      onClose()
    },
  })
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
