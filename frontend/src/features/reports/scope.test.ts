import { describe, expect, it } from 'vitest'
import type { SidebarDTO } from '../../lib/wails'
import { changeScope, handleChoices, networkChoices, scopeWords } from './scope'

const h = (id: number, clientId: number, network: string, username: string) => ({ id, clientId, network, username, displayName: username })
const sidebar = {
  clients: [
    { id: 1, name: 'Bakery', handles: [h(10, 1, 'x', 'bakery'), h(11, 1, 'facebook', 'bakerypage')] },
    { id: 2, name: 'Garage', handles: [h(20, 2, 'email', 'help@garage.example')] },
  ],
} as unknown as SidebarDTO
const any = { clientId: 0, handleId: 0, network: '', kind: '' }

describe('scope pickers', () => {
  it('offers the handles of the client and network', () => {
    expect(handleChoices(sidebar, any).map((x) => x.id)).toEqual([10, 11, 20])
    expect(handleChoices(sidebar, { ...any, clientId: 1 }).map((x) => x.id)).toEqual([10, 11])
    expect(handleChoices(sidebar, { ...any, network: 'email' }).map((x) => x.id)).toEqual([20])
  })
  it('offers the networks a client is on, in display order', () => {
    expect(networkChoices(sidebar, 0)).toEqual(['x', 'facebook', 'email'])
    expect(networkChoices(sidebar, 2)).toEqual(['email'])
    expect(networkChoices(undefined, 0)).toContain('telegram')
  })
  it('keeps the scope consistent when one picker changes', () => {
    const cases: { from: typeof any; patch: Partial<typeof any>; want: typeof any }[] = [
      // A handle sets its client and network.
      { from: any, patch: { handleId: 20 }, want: { clientId: 2, handleId: 20, network: 'email', kind: '' } },
      // Another client drops a handle and a network that are not its.
      { from: { clientId: 1, handleId: 10, network: 'x', kind: 'public' }, patch: { clientId: 2 }, want: { clientId: 2, handleId: 0, network: '', kind: 'public' } },
      // All clients keeps the handle's network but not a handle of another network.
      { from: { clientId: 1, handleId: 10, network: 'x', kind: '' }, patch: { network: 'facebook' }, want: { clientId: 1, handleId: 0, network: 'facebook', kind: '' } },
      { from: { clientId: 1, handleId: 10, network: 'x', kind: '' }, patch: { kind: 'private' }, want: { clientId: 1, handleId: 10, network: 'x', kind: 'private' } },
    ]
    for (const c of cases) expect(changeScope(sidebar, c.from, c.patch)).toEqual(c.want)
  })
  it('says the scope in words', () => {
    expect(scopeWords(sidebar, any)).toBe('All clients, every handle, every channel kind')
    expect(scopeWords(sidebar, { clientId: 1, handleId: 10, network: 'x', kind: 'private' })).toBe('Bakery, handle @bakery (X), private messages')
    expect(scopeWords(sidebar, { clientId: 0, handleId: 0, network: 'email', kind: 'email' })).toBe('All clients, every handle on E-mail, e-mail')
    expect(scopeWords(sidebar, { clientId: 2, handleId: 20, network: 'email', kind: 'public' })).toBe(
      'Garage, handle help@garage.example (E-mail), public mentions and comments',
    )
  })
})
