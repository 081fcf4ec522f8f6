import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { countOf } from '../../lib/plural'
import { queryKeys } from '../../lib/queryKeys'
import { formatFull } from '../../lib/time'
import { errorMessage } from '../../lib/wails'
import { findCustomers, forgetCustomer, listErasures, type CustomerRefDTO, type ErasureDTO } from '../../lib/wails/data'

/** Forget a customer: find them by name, confirm, erase everywhere; the record says when, not what. */
export function ForgetCard() {
  const qc = useQueryClient()
  const [text, setText] = useState('')
  const found = useQuery({
    queryKey: queryKeys.customersFound(text.trim()),
    queryFn: () => findCustomers(text.trim()),
    enabled: text.trim().length >= 2,
  })
  const erasures = useQuery({ queryKey: queryKeys.erasures, queryFn: listErasures })
  const [chosen, setChosen] = useState<CustomerRefDTO | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<ErasureDTO | null>(null)
  const [error, setError] = useState<unknown>(null)
  const erase = (c: CustomerRefDTO) => {
    setBusy(true)
    setError(null)
    forgetCustomer(c.id)
      .then((e) => {
        setDone(e)
        setChosen(null)
        setText('')
        // Their conversations are gone from every list, thread and search.
        return Promise.all([
          qc.invalidateQueries({ queryKey: queryKeys.conversations }),
          qc.invalidateQueries({ queryKey: queryKeys.threads }),
          qc.invalidateQueries({ queryKey: queryKeys.searches }),
          qc.invalidateQueries({ queryKey: queryKeys.sidebar }),
          qc.invalidateQueries({ queryKey: queryKeys.data }),
        ])
      })
      .catch(setError)
      .finally(() => setBusy(false))
  }
  return (
    <section className="data-card" data-testid="data-forget" aria-labelledby="data-forget-title">
      <h2 id="data-forget-title">Forget a customer</h2>
      <p className="data-note">
        For a data-protection request: erases one customer's conversations, messages, notes and drafts from this computer, with the search
        index. Backups made before keep them until they are deleted.
      </p>
      <div className="data-row">
        <label>
          Customer
          <input type="search" value={text} placeholder="Name or username" onChange={(e) => { setText(e.target.value); setChosen(null); setDone(null) }} data-testid="forget-search" />
        </label>
      </div>
      {!chosen && (found.data?.length ?? 0) > 0 && (
        <ul className="data-list" aria-label="Customers found">
          {found.data!.map((c) => (
            <li key={c.id} data-testid="forget-candidate" data-id={c.id}>
              <bdi>{c.displayName || c.username}</bdi>
              {c.username && c.username !== c.displayName && (
                <span className="data-note">
                  <bdi>{c.username}</bdi>
                </span>
              )}
              <span className="data-note">
                {c.network} · {countOf(c.messages, 'message', 'messages')}
              </span>
              <span className="row-spacer" />
              <button type="button" className="btn" onClick={() => setChosen(c)} data-testid="forget-choose">
                Forget…
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <div className="data-confirm" role="alertdialog" aria-label="Confirm forgetting a customer" data-testid="forget-confirm">
          <p>
            Erase everything of <bdi>{chosen.displayName || chosen.username}</bdi> ({countOf(chosen.messages, 'message', 'messages')})? This cannot be
            undone.
          </p>
          <div className="data-row">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => erase(chosen)} data-testid="forget-erase">
              {busy ? 'Erasing…' : 'Erase for good'}
            </button>
            <button type="button" className="btn" onClick={() => setChosen(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {done && (
        <p className="data-ok" role="status" data-testid="forget-result">
          Erased {countOf(done.conversations, 'conversation', 'conversations')} and {countOf(done.messages, 'message', 'messages')}.
        </p>
      )}
      {error != null && (
        <p className="data-error" role="alert" data-testid="forget-error">
          {errorMessage(error)}
        </p>
      )}
      {(erasures.data?.length ?? 0) > 0 && (
        <>
          <h2>Erasures</h2>
          <ul className="data-list" data-testid="erasure-list" aria-label="Erasures">
            {erasures.data!.map((e) => (
              <li key={e.id}>
                {formatFull(e.at)} · customer {e.customerId} · {countOf(e.conversations, 'conversation', 'conversations')},{' '}
                {countOf(e.messages, 'message', 'messages')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
