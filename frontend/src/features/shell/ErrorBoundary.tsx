import './shell.css'
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { errorMessage } from '../../lib/wails'

interface State {
  error: unknown
}

/** Keeps the window from ever going blank: shows what broke instead. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error }
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('Care Inbox crashed:', error, info.componentStack)
  }

  render() {
    if (this.state.error === null) return this.props.children
    const stack = this.state.error instanceof Error ? this.state.error.stack : undefined
    return (
      <div className="crash" role="alert" data-testid="error-boundary">
        <h1>Something went wrong</h1>
        <p>Care Inbox hit an error it could not recover from. Your data is safe; reloading usually helps.</p>
        <pre className="crash-text">{errorMessage(this.state.error)}</pre>
        {stack && (
          <details>
            <summary>Technical details</summary>
            <pre className="crash-text">{stack}</pre>
          </details>
        )}
        <div className="crash-actions">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    )
  }
}
