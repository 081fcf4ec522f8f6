// Typed wrappers for a handle's history backfill (issue 15 item 1): where it
// stands and its controls. Like index.ts, an importer of the generated
// bindings; components use these wrappers.
import * as Backfill from '../../../wailsjs/go/app/BackfillAPI'
import type { app } from '../../../wailsjs/go/models'
import { call } from './call'
import type { Model } from './models'

export type BackfillDTO = Model<app.BackfillDTO>

/** Where a handle's backfill stands (refetched on the handle's inbox:delta events). */
export const backfillStatus = (handleId: number): Promise<BackfillDTO> => call(() => Backfill.Status(handleId))

/** Starts or goes on with the backfill, back to `until` (YYYY-MM-DD; empty: as far as the network allows). */
export const startBackfill = (handleId: number, until: string): Promise<BackfillDTO> =>
  call(() => Backfill.Start(handleId, until))
export const pauseBackfill = (handleId: number): Promise<BackfillDTO> => call(() => Backfill.Pause(handleId))
export const resumeBackfill = (handleId: number): Promise<BackfillDTO> => call(() => Backfill.Resume(handleId))
export const stopBackfill = (handleId: number): Promise<BackfillDTO> => call(() => Backfill.Stop(handleId))
