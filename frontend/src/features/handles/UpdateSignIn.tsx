import './handles.css'
import { queryKeys } from '../../lib/queryKeys'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { errorMessage, type HandleDTO } from '../../lib/wails'
import { networkSpecs, updateCredentials } from '../../lib/wails/handles'

/**
 * Signing a handle in again (after "sign-in needed") keeps everything synced
 * from it: only the secret fields are asked for, checked against the
 * network, and saved to the keychain if accepted.
 */
export function UpdateSignIn({ handle, onClose }: { handle: HandleDTO; onClose: () => void }) {
  const qc = useQueryClient()
  const specs = useQuery({ queryKey: queryKeys.networkSpecs, queryFn: networkSpecs, staleTime: Infinity })
  const fields = specs.data?.find((s) => s.network === handle.network)?.fields.filter((f) => f.secret) ?? []
  const [values, setValues] = useState<Record<string, string>>({})
  const save = useMutation({
    mutationFn: () => {
      const secrets: Record<string, string> = {}
      for (const f of fields) if ((values[f.key] ?? '').trim()) secrets[f.key] = values[f.key].trim()
      return updateCredentials(handle.id, secrets)
    },
    onSuccess: (res) => {
      if (res.ok) {
        void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
        onClose()
      }
    },
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
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
        aria-label="Sign in again"
        data-testid="update-signin-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={submit}
      >
        <h2>Sign {handle.displayName} in again</h2>
        <p className="hint">Its conversations stay as they are; only the saved sign-in in your keychain is replaced.</p>
        {fields.map((f) => (
          <label className="field" key={f.key}>
            <span>{f.label}</span>
            <input
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder={f.placeholder}
              value={values[f.key] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              data-testid={`signin-${f.key}`}
            />
            {f.help && <small className="hint">{f.help}</small>}
          </label>
        ))}
        {save.data && !save.data.ok && (
          <p className="inline-error" role="alert" data-testid="update-signin-result">
            {save.data.message}
          </p>
        )}
        {save.isError && (
          <p className="inline-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending || fields.length === 0} data-testid="update-signin-save">
            {save.isPending ? 'Checking…' : 'Check and save'}
          </button>
        </div>
      </form>
    </div>
  )
}
