// Bound Go methods reject with a string that is JSON {"code","message"}.
// toApiError turns whatever a call rejected with into an ApiError.

export class ApiError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

function fromObject(v: unknown): ApiError | null {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.message === 'string' && o.message !== '') {
      return new ApiError(typeof o.code === 'string' && o.code !== '' ? o.code : 'unknown', o.message)
    }
  }
  return null
}

/** Parses a rejection from a bound method into an ApiError. */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason
  if (typeof reason === 'string') {
    const s = reason.trim()
    if (s.startsWith('{')) {
      try {
        const parsed = fromObject(JSON.parse(s))
        if (parsed) return parsed
      } catch {
        // not JSON: fall through to the raw string
      }
    }
    return new ApiError('unknown', reason === '' ? 'Unknown error' : reason)
  }
  if (reason instanceof Error) {
    // A JSON string may also arrive wrapped in an Error.
    if (reason.message.trim().startsWith('{')) return toApiError(reason.message)
    return new ApiError('unknown', reason.message || 'Unknown error')
  }
  return fromObject(reason) ?? new ApiError('unknown', String(reason ?? 'Unknown error'))
}

/** A plain message for any error, for showing to people. */
export function errorMessage(err: unknown): string {
  return toApiError(err).message
}
