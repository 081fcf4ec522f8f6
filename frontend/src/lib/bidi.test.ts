import { describe, expect, it } from 'vitest'
import { hasDirectionControls } from './bidi'

describe('hasDirectionControls', () => {
  it.each([
    ['plain', 'Zoë Martin', false],
    ['Arabic without controls', 'سارة أحمد', false],
    ['Hebrew with marks only (LRM/RLM are harmless)', 'דנה\u200F', false],
    ['right-to-left override', 'evil\u202Egnp.exe', true],
    ['left-to-right embedding', '\u202Aabc', true],
    ['pop directional formatting', 'abc\u202C', true],
    ['right-to-left isolate', '\u2067name\u2069', true],
    ['first strong isolate', '\u2068x', true],
    ['empty', '', false],
    ['undefined', undefined, false],
  ])('%s', (_, s, want) => {
    expect(hasDirectionControls(s)).toBe(want)
  })
})
