import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { queryKeys } from '../../lib/queryKeys'
import { errorMessage } from '../../lib/wails'
import { chooseSignIn, signIn, type SignInChoice } from '../../lib/wails/handles'
import { formatTimeOfDay } from '../../lib/time'

/**
 * Sign in with Facebook through the user's own Meta app, then pick the page
 * (ids and names only; the tokens stay in the app).
 */
export function FacebookSignIn(props: {
  clientId: number
  network: string
  settings: Record<string, string>
  callbackPort: string
  disabled: boolean
  onConnected: () => void
}) {
  const { clientId, network, settings } = props
  const qc = useQueryClient()
  const [pages, setPages] = useState<SignInChoice[] | null>(null)
  const [pickedPage, setPickedPage] = useState('')
  const fbSignIn = useMutation({
    mutationFn: () => signIn(clientId, network, settings).then((r) => r.choices ?? []),
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
      props.onConnected()
    },
  })
  const pagesExpireAt = pages?.find((p) => p.expiresAt > 0)?.expiresAt ?? 0
  return (
    <div className="callout" data-testid="facebook-sign-in">
      <span>
        Register http://127.0.0.1:{props.callbackPort || '<port>'}/callback in your Meta app under Facebook Login → Settings → Valid OAuth Redirect URIs,
        then sign in. This token lasts only about 1–2 hours, then the handle asks you to sign in again — for a lasting connection paste the Page token
        instead.
      </span>{' '}
      <button
        type="button"
        className="btn"
        disabled={!settings.login_app_id || fbSignIn.isPending || fbConnect.isPending || props.disabled}
        onClick={() => fbSignIn.mutate()}
        data-testid="facebook-sign-in-button"
      >
        {fbSignIn.isPending ? 'Waiting for the browser…' : 'Sign in with Facebook'}
      </button>
      {fbSignIn.isError && <p className="inline-error">{errorMessage(fbSignIn.error)}</p>}
      {pages && (
        <fieldset className="plain-fieldset" data-testid="facebook-pages">
          <legend>{network === 'instagram' ? 'Pick the page your Instagram account is linked to' : 'Pick the page to connect'}</legend>
          {pages.map((p) => (
            <label key={p.choiceId} className="choice-row">
              <input
                type="radio"
                name="facebook-page"
                value={p.choiceId}
                checked={pickedPage === p.choiceId}
                disabled={Boolean(p.unusable)}
                onChange={() => setPickedPage(p.choiceId)}
                data-testid={`facebook-page-${p.accountId}`}
              />{' '}
              <bdi>{p.name}</bdi> <small className="hint">{p.detail}</small>
            </label>
          ))}
          {pagesExpireAt > 0 && <small className="hint">This sign-in's page token expires at {formatTimeOfDay(pagesExpireAt * 1000)}.</small>}
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
  )
}
