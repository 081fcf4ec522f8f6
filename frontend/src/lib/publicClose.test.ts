import { describe, expect, it } from 'vitest'
import { eventLabel, isOpenLoop, loopBadge, loopView } from './publicClose'
import type { PublicCloseDTO } from './wails'

const loop = (over: Partial<PublicCloseDTO>): PublicCloseDTO => ({
  id: 1,
  conversationId: 7,
  via: 'private',
  privateConversationId: 8,
  offlineChannel: '',
  offlineNote: '',
  state: 'waiting',
  startedAt: 1000,
  privateResolvedAt: 0,
  dueAt: 0,
  replyMessageId: 0,
  dismissReason: '',
  endedAt: 0,
  suggestion: 'Glad we could sort this out in DM',
  events: [],
  ...over,
})

describe('public close', () => {
  it.each([
    ['waiting', true, 'Waiting for public close'],
    ['prompt', true, 'Close in public'],
    ['sending', true, 'Public close sending'],
    ['done', false, ''],
    ['dismissed', false, ''],
    ['', false, ''],
  ])('state %s: open %s, badge %s', (state, open, badge) => {
    expect(isOpenLoop(state)).toBe(open)
    expect(loopBadge(state)).toBe(badge)
  })

  it.each([
    { p: { state: 'waiting' }, send: false, dismiss: true, offline: false, title: /private conversation is still open/ },
    { p: { state: 'waiting', via: 'offline', offlineChannel: 'phone' }, send: false, dismiss: true, offline: true, title: /offline handling/ },
    { p: { state: 'prompt' }, send: true, dismiss: true, offline: false, title: /resolved — close this thread in public/ },
    { p: { state: 'prompt', via: 'offline' }, send: true, dismiss: true, offline: false, title: /Handled offline/ },
    { p: { state: 'sending' }, send: false, dismiss: false, offline: false, title: /outbox/ },
    { p: { state: 'done' }, send: false, dismiss: false, offline: false, title: /^Closed in public$/ },
    { p: { state: 'dismissed', dismissReason: 'customer asked' }, send: false, dismiss: false, offline: false, title: /customer asked/ },
  ])('$p.state via $p.via: actions', ({ p, send, dismiss, offline, title }) => {
    const v = loopView(loop(p as Partial<PublicCloseDTO>), 5000)
    expect([v.canSend, v.canDismiss, v.canOfflineDone]).toEqual([send, dismiss, offline])
    expect(v.title).toMatch(title)
  })

  it('says where it continued and when the deadline passed', () => {
    expect(loopView(loop({ via: 'offline', offlineChannel: 'email' }), 0).where).toBe('handled offline by e-mail')
    expect(loopView(loop({ state: 'prompt', dueAt: 4000 }), 5000).overdue).toBe(true)
    expect(loopView(loop({ state: 'prompt', dueAt: 6000 }), 5000).overdue).toBe(false)
    expect(loopView(loop({ state: 'done', dueAt: 4000 }), 5000).overdue).toBe(false)
    expect(eventLabel('dismiss')).toBe('Public close dismissed')
  })
})
