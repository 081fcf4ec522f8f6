import { describe, expect, it } from 'vitest'
import { splitSnippet } from './snippet'

describe('splitSnippet', () => {
  it('splits on \\u0002 … \\u0003', () => {
    expect(splitSnippet('my \u0002order\u0003 is \u0002late\u0003!')).toEqual([
      { text: 'my ', match: false },
      { text: 'order', match: true },
      { text: ' is ', match: false },
      { text: 'late', match: true },
      { text: '!', match: false },
    ])
  })

  it('keeps markup as plain text', () => {
    expect(splitSnippet('<img src=x onerror=alert(1)> \u0002<b>\u0003')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', match: false },
      { text: '<b>', match: true },
    ])
  })

  it('tolerates unbalanced markers', () => {
    expect(splitSnippet('a\u0002b')).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
    ])
    expect(splitSnippet('a\u0003b')).toEqual([{ text: 'ab', match: false }])
    expect(splitSnippet('')).toEqual([])
    expect(splitSnippet('\u0002\u0003')).toEqual([])
  })
})
