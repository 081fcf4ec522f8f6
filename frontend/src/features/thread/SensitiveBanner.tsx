import './thread.css'
import { useSensitive } from '../../lib/triageQueries'

/**
 * Warns that customers posted personal data in a public thread and offers
 * to continue privately. Shows only masked values, never the data itself.
 */
export function SensitiveBanner({ id, onMove }: { id: number; onMove: () => void }) {
  const q = useSensitive(id, true)
  if (!q.data || q.data.length === 0) return null
  const findings = q.data.flatMap((m) => m.findings)
  const labels = [...new Set(findings.map((f) => f.label))]
  return (
    <div className="banner banner-warn sensitive-banner" role="alert" data-testid="sensitive-banner">
      <span>
        This public conversation contains personal data ({labels.join(', ')}: {findings.slice(0, 3).map((f) => f.masked).join(', ')}).
        Consider asking the customer to delete it and continuing privately.
      </span>
      <button type="button" className="btn" onClick={onMove} data-testid="sensitive-banner-move">
        Move to private…
      </button>
    </div>
  )
}
