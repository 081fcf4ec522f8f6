import { describe, expect, it } from 'vitest'
import { EASY_NETWORKS, GUIDES, HARD_NETWORKS, stepProblem } from './connectGuides'

describe('connect guides', () => {
  it('starts from the easy networks and has a wizard for each hard one', () => {
    expect(EASY_NETWORKS.slice(0, 4)).toEqual(['email', 'telegram', 'mastodon', 'bluesky'])
    for (const n of HARD_NETWORKS) {
      expect(GUIDES[n].length).toBeGreaterThan(2)
      expect(GUIDES[n].some((s) => s.permissions)).toBe(true)
      expect(GUIDES[n].some((s) => s.check || s.signIn)).toBe(true)
    }
  })

  it('checks a step before asking the network', () => {
    const clientId = GUIDES.x.find((s) => s.check === 'client-id')!
    const optional = () => false
    expect(stepProblem(clientId, {}, optional)).toMatch(/Fill in/)
    expect(stepProblem(clientId, { client_id: 'my secret with spaces' }, optional)).toMatch(/does not look like a Client ID/)
    expect(stepProblem(clientId, { client_id: 'M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ' }, optional)).toBeNull()
    const port = GUIDES.x.find((s) => s.fields?.includes('callback_port'))!
    expect(stepProblem(port, { callback_port: 'abc' }, () => true)).toMatch(/number/)
    expect(stepProblem(port, {}, () => true)).toBeNull()
  })
})
