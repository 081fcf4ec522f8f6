import { ApiError, toApiError } from './errors'

interface WailsWindow {
  go?: { app?: unknown }
  runtime?: unknown
}

function backendReady(): boolean {
  return typeof window !== 'undefined' && !!(window as unknown as WailsWindow).go?.app
}

/** True when the Wails runtime (events) is there; false in a plain browser or a test. */
export function runtimeReady(): boolean {
  return typeof window !== 'undefined' && !!(window as unknown as WailsWindow).runtime
}

/**
 * Runs a bound method, rejecting with ApiError. The result keeps the type the
 * generated binding declares; wrappers narrow it to the plain Model<…> data
 * (a supertype), so no cast is needed.
 */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  if (!backendReady()) {
    throw new ApiError(
      'unavailable',
      'The Care Inbox back end is not reachable. Open the Care Inbox app rather than this page in a browser.',
    )
  }
  try {
    return await fn()
  } catch (e) {
    throw toApiError(e)
  }
}
