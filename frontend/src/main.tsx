import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import App from './App'
import { ErrorBoundary } from './components/ErrorBoundary'
import { NowProvider } from './lib/now'
import { makeQueryClient } from './lib/queries'
import './styles/app.css'

const queryClient = makeQueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <NowProvider>
          <App />
        </NowProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
)
