import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// The global sheets first, so each feature's own sheet (imported by its
// components) comes after them in the bundle.
import './styles/base.css'
import './ui/ui.css'
import App, { startFilter } from './App'
import { ErrorBoundary } from './features/shell/ErrorBoundary'
import { NowProvider } from './lib/now'
import { makeQueryClient, prefetchStart } from './lib/queries'
import { markFirstRows, phaseMarker, type StartPhases } from './lib/startMark'
import { UndoToastProvider } from './ui/UndoToast'

const queryClient = makeQueryClient()
// Before the first render, so the mark cannot miss the rows appearing.
const phases: StartPhases = []
markFirstRows(document.body, phases)
prefetchStart(queryClient, startFilter(), phaseMarker(phases))

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <NowProvider>
          <UndoToastProvider>
            <App />
          </UndoToastProvider>
        </NowProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
)
