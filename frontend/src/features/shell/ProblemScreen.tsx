import './shell.css'
import type { ProblemDTO } from '../../lib/wails'

/** Why the workspace did not open, with what to do; the technical text is there for a support request. */
export function ProblemScreen({ problem }: { problem: ProblemDTO }) {
  return (
    <div className="crash" role="alert" data-testid="startup-problem">
      <h1>{problem.title}</h1>
      <p>{problem.detail}</p>
      <details>
        <summary>Technical details</summary>
        <pre className="crash-text">{problem.error}</pre>
      </details>
    </div>
  )
}
