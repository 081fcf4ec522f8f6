import './data.css'
import type { SidebarDTO } from '../../lib/wails'
import { BackupCard } from './BackupCard'
import { ExportCard } from './ExportCard'
import { ForgetCard } from './ForgetCard'
import type { ScopeForm } from './scope'

interface Props {
  sidebar: SidebarDTO | undefined
  /** What to export first: an open conversation or the current search. */
  initial?: Partial<ScopeForm>
  onClose: () => void
}

/**
 * The Data screen (issue 15): exports (a conversation, a customer, a client,
 * a search; CSV, JSON or an HTML transcript), backups with the daily schedule
 * and restoring one, and forgetting a customer (a data-protection request).
 */
export function DataScreen({ sidebar, initial, onClose }: Props) {
  return (
    <section className="data-pane" data-testid="data-screen" aria-label="Data">
      <header className="data-head">
        <h1>Data</h1>
        <span className="row-spacer" />
        <button type="button" className="btn" onClick={onClose} data-testid="data-close">
          Back to the inbox
        </button>
      </header>
      <div className="data-body">
        <ExportCard sidebar={sidebar} initial={initial} />
        <BackupCard />
        <ForgetCard />
      </div>
    </section>
  )
}
