import './ui.css'
import { statusLabel } from '../lib/networks'

export function StatusChip({ status }: { status: string }) {
  const cls = ['open', 'pending', 'resolved', 'snoozed'].includes(status) ? status : 'other'
  return <span className={`status-chip status-${cls}`}>{statusLabel(status)}</span>
}
