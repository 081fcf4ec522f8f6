import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { countOf } from '../../lib/plural'
import { errorMessage, type SidebarDTO } from '../../lib/wails'
import { queryKeys } from '../../lib/queryKeys'
import { exportData, findCustomers, type ExportFormat, type ExportResultDTO } from '../../lib/wails/data'
import { EMPTY_FORM, scopeError, toScope, type ScopeForm, type ScopeKind } from './scope'

const KINDS: { id: ScopeKind; label: string }[] = [
  { id: 'client', label: 'A client' },
  { id: 'customer', label: 'A customer' },
  { id: 'conversation', label: 'A conversation' },
  { id: 'search', label: 'A search' },
]

const FORMATS: { id: ExportFormat; label: string }[] = [
  { id: 'html', label: 'Readable transcript (HTML)' },
  { id: 'csv', label: 'Spreadsheet (CSV)' },
  { id: 'json', label: 'JSON (documented schema)' },
]

/** Export: choose what, the format and whether internal notes go too; saved through the system's dialog. */
export function ExportCard({ sidebar, initial }: { sidebar: SidebarDTO | undefined; initial?: Partial<ScopeForm> }) {
  const clients = sidebar?.clients ?? []
  const [form, setForm] = useState<ScopeForm>(() => ({ ...EMPTY_FORM, client: clients[0]?.name ?? '', ...initial }))
  const [format, setFormat] = useState<ExportFormat>('html')
  const [notes, setNotes] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ExportResultDTO | null>(null)
  const [error, setError] = useState<unknown>(null)
  const set = (patch: Partial<ScopeForm>) => {
    setForm((f) => ({ ...f, ...patch }))
    setResult(null)
    setError(null)
  }
  const problem = scopeError(form)
  const run = () => {
    setBusy(true)
    setError(null)
    setResult(null)
    exportData(toScope(form), format, notes)
      .then((r) => setResult(r.path !== '' ? r : null))
      .catch(setError)
      .finally(() => setBusy(false))
  }
  return (
    <section className="data-card" data-testid="data-export" aria-labelledby="data-export-title">
      <h2 id="data-export-title">Export</h2>
      <p className="data-note">Write conversations to a file: for a client, a dispute or a data-protection request.</p>
      <div className="data-row" role="radiogroup" aria-label="What to export">
        {KINDS.map((k) => (
          <label key={k.id}>
            <input type="radio" name="export-kind" checked={form.kind === k.id} onChange={() => set({ kind: k.id })} data-testid={`export-kind-${k.id}`} />
            {k.label}
          </label>
        ))}
      </div>
      <div className="data-row">
        {form.kind === 'client' && (
          <label>
            Client
            <select value={form.client} onChange={(e) => set({ client: e.target.value })} data-testid="export-client">
              {clients.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.kind === 'customer' && <CustomerPicker chosen={form.customerId} onChoose={(customerId) => set({ customerId })} />}
        {form.kind === 'conversation' && (
          <label>
            Conversation number
            <input type="number" min={1} value={form.conversationId || ''} onChange={(e) => set({ conversationId: Number(e.target.value) })} data-testid="export-conversation" />
          </label>
        )}
        {form.kind === 'search' && (
          <label>
            Search for
            <input type="search" value={form.search} onChange={(e) => set({ search: e.target.value })} data-testid="export-search" />
          </label>
        )}
        {form.kind !== 'conversation' && (
          <>
            <label>
              From
              <input type="date" value={form.from} onChange={(e) => set({ from: e.target.value })} data-testid="export-from" />
            </label>
            <label>
              to
              <input type="date" value={form.to} onChange={(e) => set({ to: e.target.value })} data-testid="export-to" />
            </label>
          </>
        )}
      </div>
      <div className="data-row" role="radiogroup" aria-label="Format">
        {FORMATS.map((f) => (
          <label key={f.id}>
            <input type="radio" name="export-format" checked={format === f.id} onChange={() => setFormat(f.id)} data-testid={`export-format-${f.id}`} />
            {f.label}
          </label>
        ))}
      </div>
      <div className="data-row">
        <label>
          <input type="checkbox" checked={notes} onChange={(e) => setNotes(e.target.checked)} data-testid="export-notes" />
          Include internal notes (the team's own words)
        </label>
      </div>
      <div className="data-row">
        <button type="button" className="btn btn-primary" disabled={busy || problem !== null} onClick={run} data-testid="export-run">
          {busy ? 'Exporting…' : 'Export…'}
        </button>
        {problem && <span className="data-note">{problem}</span>}
      </div>
      {result && (
        <p className="data-ok" role="status" data-testid="export-result">
          Saved {countOf(result.conversations, 'conversation', 'conversations')} ({countOf(result.messages, 'message', 'messages')}
          {notes ? `, ${countOf(result.notes, 'note', 'notes')}` : ''}) to {result.path}
        </p>
      )}
      {error != null && (
        <p className="data-error" role="alert" data-testid="export-error">
          {errorMessage(error)}
        </p>
      )}
    </section>
  )
}

/** Finds a customer by name or username and picks one to export. */
function CustomerPicker({ chosen, onChoose }: { chosen: number; onChoose: (id: number) => void }) {
  const [text, setText] = useState('')
  const found = useQuery({
    queryKey: queryKeys.customersFound(text.trim()),
    queryFn: () => findCustomers(text.trim()),
    enabled: text.trim().length >= 2,
  })
  return (
    <>
      <label>
        Customer
        <input type="search" value={text} placeholder="Name or username" onChange={(e) => setText(e.target.value)} data-testid="export-customer-search" />
      </label>
      {chosen > 0 && <span className="data-note" data-testid="export-customer">customer {chosen}</span>}
      {(found.data?.length ?? 0) > 0 && (
        <ul className="data-list" aria-label="Customers found">
          {found.data!.map((c) => (
            <li key={c.id}>
              <label>
                <input type="radio" name="export-customer" checked={chosen === c.id} onChange={() => onChoose(c.id)} data-testid="export-customer-choice" />
                <bdi>{c.displayName || c.username}</bdi>
              </label>
              <span className="data-note">
                <bdi>{c.username}</bdi> · {c.network} · {countOf(c.messages, 'message', 'messages')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
