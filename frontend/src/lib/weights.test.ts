import { describe, expect, it } from 'vitest'
import { countFor, limitState } from './composer'
import cases from './length-cases.json'
import { mastodonLength, xWeight } from './weights'

describe('length as the networks count it', () => {
  // The same cases hold the connectors (backend/connector/x, mastodon:
  // TestLengthCasesSharedWithTheComposer), so the two cannot drift apart.
  it.each(cases.cases.map((c) => [c.network, c.text, c.count] as const))('%s counts %j as %d', (network, text, count) => {
    expect(network === 'x' ? xWeight(text) : mastodonLength(text)).toBe(count)
  })

  it('holds an X post of 141 CJK characters over the limit, though it has only 141 characters', () => {
    const s = limitState('你'.repeat(141), 'x', { visibility: 'public', customerUser: 'ana' })
    expect(s.count).toBe(282)
    expect(s.over).toBe(true)
  })

  it('lets a Mastodon reply with a long link through: the link counts 23', () => {
    const text = 'Tracking: https://shop.example/' + 'x'.repeat(600)
    const s = limitState(text, 'mastodon', { visibility: 'public', customerUser: 'ana@social.example' })
    expect(s.over).toBe(false)
    expect(s.count).toBe('@ana '.length + 'Tracking: '.length + 23)
  })

  it('counts the @mention a Mastodon reply gets in front, unless the text names the customer', () => {
    expect(limitState('Thanks!', 'mastodon', { visibility: 'private', customerUser: 'bob' }).count).toBe('@bob Thanks!'.length)
    expect(limitState('Thanks @bob!', 'mastodon', { visibility: 'private', customerUser: 'bob' }).count).toBe('Thanks @bob!'.length)
  })

  it("counts an X DM's code points, not its weight", () => {
    expect(countFor('你好', 'x', 'private')).toBe(2)
    expect(countFor('你好', 'x', 'public')).toBe(4)
  })
})
