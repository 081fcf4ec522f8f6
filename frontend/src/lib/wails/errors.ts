// How a failed bound method reaches the front end. Every error a Go method
// returns goes through app.FormatError (options.App.ErrorFormatter in
// main.go), which classifies it into {code, message}; the Wails v2 runtime
// then rejects the call with new Error(formatted), so the structure arrives as
// the JSON text of the Error's message. toApiError reads it back into an
// ApiError, and also accepts the object itself should the runtime ever pass
// it through unchanged.

/** The codes app/errors.go sends, plus the front end's own. */
export type ErrorCode =
  | 'not_found'
  | 'invalid'
  | 'keychain_unavailable'
  | 'cancelled'
  | 'internal'
  | 'read_only' // a read-only copy of the workspace: reading and search work
  | 'unavailable' // the back end is not there (a plain browser)
  | 'unknown' // a rejection that did not come through FormatError

export class ApiError extends Error {
  readonly code: ErrorCode | string

  constructor(code: ErrorCode | string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

function fromObject(v: unknown): ApiError | null {
  if (v && typeof v === 'object' && 'message' in v && typeof v.message === 'string' && v.message !== '') {
    const code = 'code' in v && typeof v.code === 'string' && v.code !== '' ? v.code : 'unknown'
    return new ApiError(code, v.message)
  }
  return null
}

/** The {code, message} in the text FormatError wrote, or null when the text is something else. */
function fromFormatted(text: string): ApiError | null {
  const s = text.trim()
  if (!s.startsWith('{')) return null
  try {
    return fromObject(JSON.parse(s))
  } catch {
    return null // not JSON: the caller keeps the raw text
  }
}

/** Turns whatever a bound method rejected with into an ApiError. */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason
  if (reason instanceof Error) {
    return fromFormatted(reason.message) ?? new ApiError('unknown', reason.message || 'Unknown error')
  }
  if (typeof reason === 'string') {
    return fromFormatted(reason) ?? new ApiError('unknown', reason === '' ? 'Unknown error' : reason)
  }
  return fromObject(reason) ?? new ApiError('unknown', String(reason ?? 'Unknown error'))
}

/** A plain message for any error, for showing to people. */
export function errorMessage(err: unknown): string {
  return toApiError(err).message
}
