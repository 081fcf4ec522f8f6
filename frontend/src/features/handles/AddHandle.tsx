import './handles.css'
import { queryKeys } from '../../lib/queryKeys'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { errorMessage, openLink, type ClientGroupDTO } from '../../lib/wails'
import { addHandle, networkSpecs, signIn, testConnection, type ConnectionResult, type NetworkSpec } from '../../lib/wails/handles'
import { NetworkBadge } from '../../ui/NetworkBadge'
import { EASY_NETWORKS, EFFORT, GUIDES, HARD_NETWORKS, SIMPLE_STEPS, stepProblem } from './connectGuides'
import { EmailSetup } from './EmailSetup'
import { FacebookSignIn } from './FacebookSignIn'
import { SpecField } from './SpecField'

interface Props {
  clients: ClientGroupDTO[]
  defaultClientId?: number
  onClose: () => void
}

/** Settings the e-mail setup fills in that are not fields of its form. */
const EXTRA_SETTINGS = ['imap_security', 'smtp_security']

function split(spec: NetworkSpec | undefined, values: Record<string, string>) {
  const settings: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  for (const f of spec?.fields ?? []) {
    const v = (values[f.key] ?? '').trim()
    if (v === '') continue
    if (f.secret) secrets[f.key] = v
    else settings[f.key] = v
  }
  if (spec?.network === 'email') {
    for (const k of EXTRA_SETTINGS) if (values[k]) settings[k] = values[k]
  }
  return { settings, secrets }
}

/**
 * The connect dialog: pick a network (the easy ones first), then either a
 * short form (e-mail with presets and autodiscovery, Telegram, Mastodon,
 * Bluesky) or a wizard with one step per screen (Facebook, Instagram, X,
 * LinkedIn). The buttons sit below the scrolling content, so they stay in
 * view whatever an error adds.
 */
export function AddHandle({ clients, defaultClientId, onClose }: Props) {
  const qc = useQueryClient()
  const specs = useQuery({ queryKey: queryKeys.networkSpecs, queryFn: networkSpecs, staleTime: Infinity })
  const [clientId, setClientId] = useState(defaultClientId ?? clients[0]?.id ?? 0)
  const [network, setNetwork] = useState('')
  const [step, setStep] = useState(0)
  const [displayName, setDisplayName] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [result, setResult] = useState<ConnectionResult | null>(null)
  const [stepNote, setStepNote] = useState<string | null>(null)
  const spec = useMemo(() => specs.data?.find((s) => s.network === network), [specs.data, network])
  const guide = GUIDES[network]
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  // Each new screen starts at its title, for keyboard and screen-reader users.
  useEffect(() => heading.current?.focus(), [network, step])

  const connected = () => {
    void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
    onClose()
  }
  const test = useMutation({
    mutationFn: () => {
      const { settings, secrets } = split(spec, values)
      return testConnection(network, settings, secrets)
    },
    onSuccess: setResult,
  })
  const save = useMutation({
    mutationFn: () => addHandle({ clientId, network, displayName: displayName.trim(), ...split(spec, values) }),
    onSuccess: connected,
  })
  const oauth = useMutation({ mutationFn: () => signIn(clientId, network, split(spec, values).settings), onSuccess: connected })

  const choose = (n: string) => {
    setNetwork(n)
    setStep(0)
    setValues(n === 'x' ? { callback_port: '8976' } : {})
    setResult(null)
    setStepNote(null)
    test.reset()
    save.reset()
    oauth.reset()
  }
  const setValue = (patch: Record<string, string>) => {
    setValues((v) => ({ ...v, ...patch }))
    setResult(null)
    setStepNote(null)
  }
  const optional = (key: string) => spec?.fields.find((f) => f.key === key)?.optional ?? true
  const label = (key: string) => spec?.fields.find((f) => f.key === key)?.label ?? key
  const current = guide?.[step]
  const lastStep = guide ? step === guide.length : true // the wizard ends on a "name it and connect" screen
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (guide && !lastStep) return next()
    if (!save.isPending && spec) save.mutate()
  }
  const next = () => {
    if (!current) return
    const problem = stepProblem(current, values, optional, label)
    if (problem) {
      setStepNote(problem)
      return
    }
    setStepNote(null)
    setResult(null)
    test.reset()
    setStep(step + 1)
  }
  const checkStep = () => {
    if (!current) return
    const problem = stepProblem(current, values, optional, label)
    if (problem) return setStepNote(problem)
    setStepNote(null)
    test.mutate()
  }
  const error = test.error ?? save.error ?? oauth.error
  const fields = (keys: string[]) =>
    keys.map((k) => {
      const f = spec?.fields.find((x) => x.key === k)
      return f ? <SpecField key={k} f={f} value={values[k] ?? ''} onChange={(v) => setValue({ [k]: v })} /> : null
    })

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <form
        className="modal modal-wizard"
        role="dialog"
        aria-modal="true"
        aria-labelledby="add-handle-title"
        data-testid="add-handle-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={submit}
      >
        <div className="modal-scroll" data-testid="add-handle-body">
          <h2 id="add-handle-title" ref={heading} tabIndex={-1}>
            {!spec ? 'Connect a handle' : guide && current ? `${spec.name}: ${current.title}` : `Connect ${spec.name}`}
          </h2>
          {guide && spec && (
            <p className="hint" data-testid="wizard-progress">
              Step {Math.min(step + 1, guide.length + 1)} of {guide.length + 1}
            </p>
          )}
          {clients.length === 0 && <p className="inline-error">Create a client first: every handle belongs to one.</p>}
          {!spec && (
            <>
              {clients.length > 1 && (
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
              )}
              {specs.isError && <p className="inline-error">{errorMessage(specs.error)}</p>}
              <NetworkChoices specs={specs.data ?? []} onChoose={choose} />
            </>
          )}

          {spec && !guide && (
            <>
              {SIMPLE_STEPS[network] && (
                <ol className="clicks" data-testid="add-handle-needs">
                  {SIMPLE_STEPS[network].map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ol>
              )}
              {network === 'email' ? (
                <EmailSetup spec={spec} values={values} onValues={setValue} />
              ) : (
                fields(spec.fields.map((f) => f.key))
              )}
              {network === 'mastodon' && (
                <div className="callout" data-testid="oauth-sign-in">
                  <span>Or sign in on your instance in the browser — no token to copy:</span>{' '}
                  <button type="button" className="btn" disabled={!values.instance?.trim() || oauth.isPending || clients.length === 0}
                    onClick={() => oauth.mutate()} data-testid="oauth-sign-in-button">
                    {oauth.isPending ? 'Waiting for the browser…' : 'Sign in with Mastodon'}
                  </button>
                </div>
              )}
              <NameField value={displayName} onChange={setDisplayName} />
            </>
          )}

          {spec && guide && current && (
            <div className="wizard-step" data-testid={`wizard-step-${step}`}>
              <ol className="clicks">
                {current.clicks.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ol>
              {current.link && (
                <button type="button" className="link-button" onClick={() => void openLink(current.link!.url)}>
                  {current.link.label}
                </button>
              )}
              {current.permissions && spec.permissions.length > 0 && (
                <div className="permissions" data-testid="wizard-permissions">
                  <strong>Permissions, and what Care Inbox uses each for</strong>
                  <ul>
                    {spec.permissions.map((p) => (
                      <li key={p.name}>
                        <code>{p.name}</code> — to {p.for}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {fields(current.fields ?? [])}
              {current.facebookSignIn && (
                <details className="alt-path">
                  <summary>Or sign in with Facebook instead of pasting a token</summary>
                  {fields(['login_app_id', 'callback_port'])}
                  <FacebookSignIn clientId={clientId} network={network} settings={split(spec, values).settings}
                    callbackPort={values.callback_port?.trim() ?? ''} disabled={clients.length === 0} onConnected={onClose} />
                </details>
              )}
            </div>
          )}
          {spec && guide && !current && (
            <div className="wizard-step" data-testid={`wizard-step-${step}`}>
              <p>Everything is in place. Give the handle a name if you like, then connect it.</p>
              <NameField value={displayName} onChange={setDisplayName} />
            </div>
          )}
        </div>

        <div className="modal-footer" data-testid="add-handle-footer">
          {stepNote && (
            <p className="inline-error" role="alert" data-testid="wizard-step-problem">
              {stepNote}
            </p>
          )}
          {result && (
            <p className={result.ok ? 'inline-ok' : 'inline-error'} role="status" data-testid="connection-result">
              {result.ok && guide && !lastStep ? 'This step checks out: ' : ''}
              {result.message}
              {result.notes?.map((n) => (
                <span key={n} className="hint">
                  <br />
                  {n}
                </span>
              ))}
            </p>
          )}
          {!!error && (
            <p className="inline-error" role="alert" data-testid="add-handle-error">
              {errorMessage(error)}
            </p>
          )}
          <div className="modal-actions">
            {spec && (
              <button type="button" className="btn" onClick={() => (guide && step > 0 ? (setStep(step - 1), setStepNote(null), setResult(null)) : choose(''))}
                data-testid="add-handle-back">
                ← Back
              </button>
            )}
            <span className="row-spacer" />
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            {spec && guide && current?.check === 'test' && (
              <button type="button" className="btn" disabled={test.isPending} onClick={checkStep} data-testid="wizard-check">
                {test.isPending ? 'Checking…' : 'Check this step'}
              </button>
            )}
            {spec && guide && current && !current.signIn && (
              <button type="submit" className="btn btn-primary" data-testid="wizard-next">
                Next →
              </button>
            )}
            {spec && guide && current?.signIn === 'x' && (
              <button type="button" className="btn btn-primary" disabled={!values.client_id?.trim() || oauth.isPending || clients.length === 0}
                onClick={() => oauth.mutate()} data-testid="oauth-sign-in-button">
                {oauth.isPending ? 'Waiting for the browser…' : 'Sign in with X'}
              </button>
            )}
            {spec && (!guide || !current) && (
              <>
                <button type="button" className="btn" disabled={test.isPending} onClick={() => test.mutate()} data-testid="test-connection">
                  {test.isPending ? 'Testing…' : 'Test connection'}
                </button>
                <button type="submit" className="btn btn-primary" disabled={clients.length === 0 || save.isPending} data-testid="save-handle">
                  {save.isPending ? 'Connecting…' : 'Connect'}
                </button>
              </>
            )}
          </div>
        </div>
      </form>
    </div>
  )
}

function NameField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span>Name shown in the inbox (optional)</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} data-testid="add-handle-name" />
    </label>
  )
}

/** The networks as cards: the ones anyone can set up first, then those that need a developer account. */
function NetworkChoices({ specs, onChoose }: { specs: NetworkSpec[]; onChoose: (network: string) => void }) {
  const known = new Set([...EASY_NETWORKS, ...HARD_NETWORKS])
  const group = (ids: string[]) => ids.map((id) => specs.find((s) => s.network === id)).filter((s): s is NetworkSpec => !!s)
  const other = specs.filter((s) => !known.has(s.network))
  const list = (items: NetworkSpec[]) => (
    <ul className="network-choices">
      {items.map((s) => (
        <li key={s.network}>
          <button type="button" className="network-choice" onClick={() => onChoose(s.network)} data-testid={`choose-${s.network}`}>
            <NetworkBadge network={s.network} />
            <span className="network-choice-text">
              <strong>{s.name}</strong>
              <span className="hint">{EFFORT[s.network] ?? s.needs}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
  return (
    <div data-testid="network-choices">
      <h3 className="choices-title">Quick to set up</h3>
      {list([...group(EASY_NETWORKS), ...other])}
      <h3 className="choices-title">Needs a developer account — we guide you step by step</h3>
      {list(group(HARD_NETWORKS))}
    </div>
  )
}
