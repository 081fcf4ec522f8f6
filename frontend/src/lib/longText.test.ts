import { describe, expect, it } from 'vitest'
import { bodyPreview, LONG_BODY, sizeLabel } from './longText'

describe('bodyPreview', () => {
  it('leaves a short body whole', () => {
    expect(bodyPreview('hello')).toBeNull()
    expect(bodyPreview('a'.repeat(LONG_BODY))).toBeNull()
  })

  it('cuts a long body at a line break or space near the limit', () => {
    const text = 'word '.repeat(LONG_BODY) // 5 × LONG_BODY characters
    const p = bodyPreview(text)!
    expect(p.head.length).toBeLessThanOrEqual(LONG_BODY)
    expect(p.head.length).toBeGreaterThan(LONG_BODY * 0.9)
    expect(text.startsWith(p.head)).toBe(true)
    expect(p.head.endsWith('word')).toBe(true)
    expect(p.totalLabel).toBe('98 KB')
  })

  it('cuts an unbroken body at the limit without splitting an emoji', () => {
    const text = 'x'.repeat(LONG_BODY - 1) + '😀' + 'y'.repeat(10)
    const p = bodyPreview(text)!
    expect(p.head).toBe('x'.repeat(LONG_BODY - 1))
  })

  it.each([
    ['a'.repeat(10), '10 characters'],
    ['a'.repeat(14 * 1024), '14 KB'],
    ['a'.repeat(1024 * 1024), '1.0 MB'],
  ])('sizeLabel(%#) → %s', (t, want) => expect(sizeLabel(t)).toBe(want))
})
