import { describe, expect, it } from 'vitest'
import { asPosted, countChars, expandVariables, firstName, limitFor, limitState } from './composer'

describe('network limits', () => {
  it.each([
    ['x', 280],
    ['bluesky', 300],
    ['mastodon', 500],
    ['telegram', 4096],
    ['instagram', 1000],
    ['email', null],
    ['myspace', null],
  ])('%s → %s', (net, want) => expect(limitFor(net)).toBe(want))

  it.each([
    ['x', 'public', 280],
    ['x', 'private', 10000],
    ['bluesky', 'public', 300],
    ['bluesky', 'private', 1000],
    ['facebook', 'public', 8000],
    ['facebook', 'private', 2000],
    ['mastodon', 'private', 500],
    ['telegram', 'private', 4096],
    ['email', 'private', null],
    ['myspace', 'private', null],
  ])('%s %s → %s', (net, vis, want) => expect(limitFor(net, vis)).toBe(want))

  it('counts an X DM against the DM limit, not the 280 of a post', () => {
    const dm = { visibility: 'private', customerUser: '@zoe' }
    expect(limitState('a'.repeat(281), 'x', dm)).toMatchObject({ over: false, limit: 10000 })
    expect(limitState('a'.repeat(10001), 'x', dm)).toMatchObject({ over: true, remaining: -1 })
    expect(limitState('a'.repeat(281), 'x', { visibility: 'public', customerUser: '@zoe' })).toMatchObject({ over: true, limit: 280 })
  })

  it('counts emoji and combined accents once', () => {
    expect(countChars('👍🏽')).toBe(1)
    expect(countChars('Chloe\u0301')).toBe(5)
    expect(countChars('')).toBe(0)
  })

  it('reports over, near and remaining', () => {
    expect(limitState('a'.repeat(281), 'x')).toMatchObject({ over: true, remaining: -1, limit: 280 })
    expect(limitState('a'.repeat(270), 'x')).toMatchObject({ over: false, near: true, remaining: 10 })
    expect(limitState('hi', 'x')).toMatchObject({ over: false, near: false, count: 2 })
    expect(limitState('a'.repeat(10000), 'email')).toMatchObject({ over: false, limit: null, remaining: null })
  })
})

describe('saved reply variables', () => {
  const vars = { customer_name: 'Chloé', handle: '@AskBrightside', agent: 'Sam' }
  it('fills every known variable, repeatedly', () => {
    expect(expandVariables('Hi {customer_name}, {agent} from {handle} here. Bye {customer_name}!', vars)).toBe(
      'Hi Chloé, Sam from @AskBrightside here. Bye Chloé!',
    )
  })
  it('leaves unknown ones visible', () => {
    expect(expandVariables('Order {order_id} for {customer_name}', vars)).toBe('Order {order_id} for Chloé')
  })
  it('does not interpret anything else', () => {
    expect(expandVariables('$& {agent} $1', vars)).toBe('$& Sam $1')
  })
  it('first names', () => {
    expect(firstName('Chloé Dubois', 'chloe')).toBe('Chloé')
    expect(firstName('  ', '@jonas@example.social')).toBe('jonas')
    expect(firstName('', '')).toBe('there')
  })
})

describe('Bluesky counts a public reply as posted', () => {
  const to = { visibility: 'public', customerUser: 'zoe.bsky.social' }
  it('adds the @handle the reply will start with', () => {
    expect(asPosted('Thanks!', 'bluesky', to)).toBe('@zoe.bsky.social Thanks!')
    // 290 letters fit alone but not with the 17-grapheme mention in front.
    expect(limitState('a'.repeat(290), 'bluesky')).toMatchObject({ over: false })
    expect(limitState('a'.repeat(290), 'bluesky', to)).toMatchObject({ over: true, count: 307 })
  })
  it('keeps a mention already there, in any case, standing alone', () => {
    expect(asPosted('Hi @Zoe.bsky.social, sorted!', 'bluesky', to)).toBe('Hi @Zoe.bsky.social, sorted!')
    expect(asPosted('mail me at x@zoe.bsky.social', 'bluesky', to)).toBe('@zoe.bsky.social mail me at x@zoe.bsky.social')
    expect(asPosted('@zoe.bsky.social.evil hi', 'bluesky', to)).toBe('@zoe.bsky.social @zoe.bsky.social.evil hi')
  })
  it('leaves private messages and other networks alone', () => {
    expect(asPosted('Thanks!', 'bluesky', { ...to, visibility: 'private' })).toBe('Thanks!')
    expect(asPosted('Thanks!', 'x', to)).toBe('Thanks!')
  })
})
