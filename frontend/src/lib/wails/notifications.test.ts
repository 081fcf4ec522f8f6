import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventsOn } from '../../../wailsjs/runtime/runtime'
import { OPEN_CONVERSATION, onOpenConversation } from './notifications'

vi.mock('../../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn(() => () => {}) }))

describe('onOpenConversation', () => {
  afterEach(() => {
    delete (window as unknown as { runtime?: unknown }).runtime
  })

  it('is a no-op outside Wails', () => {
    onOpenConversation(() => {})
    expect(EventsOn).not.toHaveBeenCalled()
  })

  it.each([
    [42, [42]],
    [0, []], // a notification about no conversation in particular
    [-1, []],
    [1.5, []],
    ['42', []],
    [null, []],
  ])('passes on a click with payload %o as %o', (payload, want) => {
    ;(window as unknown as { runtime: unknown }).runtime = {}
    const got: number[] = []
    onOpenConversation((id) => got.push(id))
    const [name, handler] = vi.mocked(EventsOn).mock.calls.at(-1) as unknown as [string, (p: unknown) => void]
    expect(name).toBe(OPEN_CONVERSATION)
    handler(payload)
    expect(got).toEqual(want)
  })
})
