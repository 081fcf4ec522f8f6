// The front end's enums are written out in models.ts so that the generated
// models (a namespace of classes no bundler can tree-shake) stay out of the
// start-up bundle (the build fails if they come back: src/lib/entryChunk.ts).
// Here they are held to the generated ones, member by member.
import { describe, expect, it } from 'vitest'
import { app } from '../../../wailsjs/go/models'
import * as ours from './models'

describe('enums', () => {
  it.each([
    ['Network', ours.Network, app.Network],
    ['ConversationKind', ours.ConversationKind, app.ConversationKind],
    ['ConversationStatus', ours.ConversationStatus, app.Status],
    ['Direction', ours.Direction, app.Direction],
    ['Delivery', ours.Delivery, app.Delivery],
    ['SyncState', ours.SyncState, app.SyncState],
    ['Mood', ours.Mood, app.Mood],
    ['DeadlineClock', ours.DeadlineClock, app.DeadlineClock],
    ['DeadlineKind', ours.DeadlineKind, app.DeadlineKind],
    ['DeadlineState', ours.DeadlineState, app.DeadlineState],
  ])('%s has exactly the generated members', (_name, mine, generated) => {
    expect({ ...mine }).toEqual({ ...generated })
  })

  it('every generated enum has its front-end twin', () => {
    const generated = Object.entries(app).filter(([, v]) => typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string'))
    expect(generated.length).toBe(10)
  })
})
