import { describe, expect, it } from 'vitest'
import { countOf, pluralWord } from './plural'

describe('countOf', () => {
  it.each([
    [0, '0 conversations'],
    [1, '1 conversation'],
    [2, '2 conversations'],
    [1.5, '1.5 conversations'],
    [1204, `${(1204).toLocaleString()} conversations`],
  ])('%s', (n, want) => {
    expect(countOf(n, 'conversation', 'conversations')).toBe(want)
  })

  it('picks irregular plurals as given', () => {
    expect(pluralWord(1, 'reply', 'replies')).toBe('reply')
    expect(pluralWord(3, 'reply', 'replies')).toBe('replies')
  })
})
