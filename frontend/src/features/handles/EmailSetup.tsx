import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { errorMessage, openLink } from '../../lib/wails'
import { discoverMail, mailPresets, type MailPreset, type MailSettings, type NetworkSpec } from '../../lib/wails/handles'
import { SpecField } from './SpecField'

const SOURCE: Record<string, string> = {
  preset: 'known provider',
  srv: 'the domain’s DNS records',
  autoconfig: 'the domain’s settings file',
}

/** The values a found or preset setup fills in. */
export function mailValues(address: string, imap: MailSettings['imap'], smtp: MailSettings['smtp'], username = ''): Record<string, string> {
  const v: Record<string, string> = {
    username: username || address,
    imap_host: imap.host,
    imap_port: String(imap.port),
    imap_security: imap.security,
  }
  if (smtp.host) Object.assign(v, { smtp_host: smtp.host, smtp_port: String(smtp.port), smtp_security: smtp.security })
  if (address) v.from_address = address
  return v
}

/**
 * E-mail in three steps: the address (its servers found from a preset, the
 * domain's SRV records or its autoconfig file), the app password with the
 * provider's exact clicks, and the server settings for checking or typing.
 */
export function EmailSetup(props: { spec: NetworkSpec; values: Record<string, string>; onValues: (patch: Record<string, string>) => void }) {
  const { spec, values, onValues } = props
  const presets = useQuery({ queryKey: ['mail-presets'], queryFn: mailPresets, staleTime: Infinity })
  const [address, setAddress] = useState(values.username ?? '')
  const [presetId, setPresetId] = useState<string>('')
  const [found, setFound] = useState<{ provider: string; source: string } | null>(null)
  const [showServers, setShowServers] = useState(false)
  const preset: MailPreset | undefined = presets.data?.find((p) => p.id === presetId)

  const discover = useMutation({
    mutationFn: () => discoverMail(address.trim()),
    onSuccess: (res) => {
      const best = res.found[0]
      if (!best) {
        setFound(null)
        setShowServers(true)
        return
      }
      setPresetId(best.presetId)
      setFound({ provider: best.provider, source: best.source })
      onValues(mailValues(address.trim(), best.imap, best.smtp, best.username))
    },
  })
  const pick = (p: MailPreset) => {
    setPresetId(p.id)
    setFound({ provider: p.name, source: 'preset' })
    onValues(mailValues(address.trim(), p.imap, p.smtp))
  }
  const field = (key: string) => spec.fields.find((f) => f.key === key)
  const result = discover.data
  return (
    <div className="email-setup" data-testid="email-setup">
      <ol className="guide-steps">
        <li>
          <strong>Your support address</strong>
          <div className="inline-row">
            <input
              type="email"
              aria-label="Support e-mail address"
              placeholder="support@yourshop.com"
              autoComplete="off"
              spellCheck={false}
              value={address}
              onChange={(e) => {
                setAddress(e.target.value)
                onValues({ username: e.target.value.trim(), from_address: e.target.value.trim() })
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  if (address.includes('@')) discover.mutate()
                }
              }}
              data-testid="email-address"
            />
            <button type="button" className="btn" disabled={!address.includes('@') || discover.isPending} onClick={() => discover.mutate()} data-testid="email-discover">
              {discover.isPending ? 'Looking up…' : 'Find settings'}
            </button>
          </div>
          <div className="preset-row" role="group" aria-label="Or pick your provider">
            <span className="hint">Or pick your provider:</span>
            {(presets.data ?? []).map((p) => (
              <button key={p.id} type="button" className="btn preset-btn" aria-pressed={presetId === p.id} onClick={() => pick(p)} data-testid={`email-preset-${p.id}`}>
                {p.name}
              </button>
            ))}
          </div>
          {found && (
            <p className="inline-ok" role="status" data-testid="email-found">
              Settings for {found.provider} filled in (from {SOURCE[found.source] ?? found.source}).
            </p>
          )}
          {discover.isError && <p className="inline-error">{errorMessage(discover.error)}</p>}
          {result && result.found.length === 0 && (
            <p className="hint" role="status" data-testid="email-not-found">
              No settings published for {result.domain}. Pick your provider above, or type the servers your e-mail host gave you below.
            </p>
          )}
        </li>
        <li>
          <strong>{preset ? `An app password from ${preset.name}` : 'Your password or app password'}</strong>
          {preset ? (
            <>
              <p className="hint">
                {preset.name} does not let other apps use your normal password. An app password is a separate password just for Care Inbox, which you can
                revoke at any time:
              </p>
              <ol className="clicks" data-testid="app-password-steps">
                {preset.appPassword.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
              <button type="button" className="link-button" onClick={() => void openLink(preset.appPasswordUrl)}>
                Open the app-password page
              </button>
              {preset.note && <p className="hint">{preset.note}</p>}
            </>
          ) : (
            <p className="hint">Most providers need an app password (made in the provider’s security settings) rather than your normal password.</p>
          )}
          {field('password') && <SpecField f={field('password')!} value={values.password ?? ''} onChange={(v) => onValues({ password: v })} />}
        </li>
        <li>
          <button type="button" className="link-button" aria-expanded={showServers} onClick={() => setShowServers(!showServers)} data-testid="email-servers-toggle">
            {showServers ? 'Hide server settings' : 'Check or type the server settings'}
          </button>
          {!showServers && values.imap_host && (
            <p className="hint" data-testid="email-servers-summary">
              Incoming {values.imap_host}:{values.imap_port} · outgoing {values.smtp_host || '—'}:{values.smtp_port || ''}
            </p>
          )}
          {showServers && (
            <div className="server-fields">
              {['username', 'imap_host', 'imap_port', 'smtp_host', 'smtp_port', 'from_name'].map((k) => {
                const f = field(k)
                return f ? <SpecField key={k} f={f} value={values[k] ?? ''} onChange={(v) => onValues({ [k]: v, ...(k.endsWith('_port') ? { [k.replace('_port', '_security')]: '' } : {}) })} /> : null
              })}
            </div>
          )}
        </li>
      </ol>
    </div>
  )
}
