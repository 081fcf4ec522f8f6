import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage, toApiError } from './errors'

// What the Wails runtime rejects a call with after app.FormatError: an Error
// whose message is the JSON text of {code, message}.
const rejected = (code: string, message: string) => new Error(JSON.stringify({ code, message }))

describe('toApiError', () => {
  it('reads the structured error of FormatError from the Error the runtime rejects with', () => {
    const e = toApiError(rejected('not_found', 'conversation 7 not found'))
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toBeInstanceOf(Error)
    expect(e.code).toBe('not_found')
    expect(e.message).toBe('conversation 7 not found')
  })

  it('reads every code app/errors.go sends', () => {
    for (const code of ['not_found', 'invalid', 'keychain_unavailable', 'cancelled', 'internal']) {
      expect(toApiError(rejected(code, 'x')).code).toBe(code)
    }
  })

  it('parses the JSON string a bound method rejects with', () => {
    const e = toApiError('{"code":"not_found","message":"conversation 7 not found"}')
    expect(e.code).toBe('not_found')
    expect(e.message).toBe('conversation 7 not found')
  })

  it('falls back to the raw string', () => {
    const e = toApiError('database is locked')
    expect(e.code).toBe('unknown')
    expect(e.message).toBe('database is locked')
    expect(toApiError('{not json').message).toBe('{not json')
    expect(toApiError('{"foo":1}').message).toBe('{"foo":1}')
    expect(toApiError(new Error('{"foo":1}')).message).toBe('{"foo":1}')
  })

  it('handles Errors, objects and odd values', () => {
    expect(toApiError(new Error('boom')).message).toBe('boom')
    expect(toApiError(new Error('boom')).code).toBe('unknown')
    expect(toApiError(new Error('{"code":"invalid","message":"the note is empty"}')).code).toBe('invalid')
    expect(toApiError({ code: 'internal', message: 'x' }).code).toBe('internal')
    expect(toApiError({ message: 'no code' }).code).toBe('unknown')
    expect(toApiError(undefined).message).toBe('Unknown error')
    expect(toApiError('').message).toBe('Unknown error')
    expect(toApiError(new Error('')).message).toBe('Unknown error')
    const a = new ApiError('invalid', 'bad')
    expect(toApiError(a)).toBe(a)
  })

  it('gives a plain message', () => {
    expect(errorMessage(rejected('invalid', 'a client needs a name'))).toBe('a client needs a name')
    expect(errorMessage('{"code":"invalid","message":"a client needs a name"}')).toBe('a client needs a name')
  })
})
