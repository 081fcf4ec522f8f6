import { describe, expect, it } from 'vitest'
import { containsPhrase, separator, withSignoff } from './voice'

describe('withSignoff', () => {
  it.each([
    ['appended with a space on X', 'Sorted!', '^SK', 'x', { text: 'Sorted! ^SK', state: 'appended' }],
    ['on a new line on Facebook', 'Sorted!', '— Sam', 'facebook', { text: 'Sorted!\n— Sam', state: 'appended' }],
    ['not twice', 'Sorted! ^sk', '^SK', 'x', { text: 'Sorted! ^sk', state: 'present' }],
    ['not past the limit', 'a'.repeat(277), '^SK', 'x', { text: 'a'.repeat(277), state: 'too-long' }],
    ['exactly at the limit', 'a'.repeat(276), '^SK', 'x', { text: 'a'.repeat(276) + ' ^SK', state: 'appended' }],
    ['nothing to sign', '  ', '^SK', 'x', { text: '  ', state: 'off' }],
  ])('%s', (_, text, signoff, network, want) => {
    expect(withSignoff(text, signoff, true, network)).toEqual(want)
  })

  it('is off unless the client asks for it', () => {
    expect(withSignoff('Sorted!', '^SK', false, 'x')).toEqual({ text: 'Sorted!', state: 'off' })
  })

  it("counts Bluesky's @mention", () => {
    const to = { visibility: 'public', customerUser: 'zoe.bsky.social' }
    expect(withSignoff('a'.repeat(280), '^SK', true, 'bluesky', to).state).toBe('too-long')
    expect(withSignoff('a'.repeat(270), '^SK', true, 'bluesky', to).state).toBe('appended')
  })
})

describe('containsPhrase', () => {
  it('matches whole words and phrases only', () => {
    expect(containsPhrase('Thanks!\n—  sam', '— Sam')).toBe(true)
    expect(containsPhrase('Samples', 'Sam')).toBe(false)
    expect(containsPhrase('Don’t worry', "don't worry")).toBe(true)
  })
  it('separates by network length', () => {
    expect(separator(280)).toBe(' ')
    expect(separator(null)).toBe('\n')
  })
})
