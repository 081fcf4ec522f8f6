import { describe, expect, it } from 'vitest'
import { EMPTY_FORM, scopeError, toScope } from './scope'

describe('export scope', () => {
  it.each([
    [{ kind: 'client' as const }, 'Choose a client.'],
    [{ kind: 'client' as const, client: 'Bakery' }, null],
    [{ kind: 'conversation' as const }, 'Choose a conversation.'],
    [{ kind: 'conversation' as const, conversationId: 4 }, null],
    [{ kind: 'customer' as const, customerId: 2, from: '2026-11-02', to: '2026-11-01' }, 'The first day is after the last.'],
    [{ kind: 'search' as const, search: '  ' }, 'Type what to search for.'],
    [{ kind: 'search' as const, search: 'refund', from: '2026-1-1' }, 'The first day is not a date.'],
  ])('%o → %s', (patch, want) => {
    expect(scopeError({ ...EMPTY_FORM, ...patch })).toBe(want)
  })

  it('sends only the chosen scope', () => {
    const f = { ...EMPTY_FORM, kind: 'client' as const, client: ' Bakery ', conversationId: 9, from: '2026-11-01', to: '2026-11-30' }
    expect(toScope(f)).toEqual({ conversationId: 0, customerId: 0, client: 'Bakery', search: '', from: '2026-11-01', to: '2026-11-30' })
    expect(toScope({ ...f, kind: 'conversation' })).toEqual({ conversationId: 9, customerId: 0, client: '', search: '', from: '', to: '' })
  })
})
