// Typed wrapper for ListenAPI (issue 16): listening searches, what they
// found and the actions on a result. Like index.ts, only this folder imports
// the generated bindings.
import * as Listen from '../../../wailsjs/go/app/ListenAPI'
import { call as callBackend } from './call'
import type { ListenMuteDTO, ListenResultDTO, ListenSearchDTO, ListenSearchInput, ListenSpikeDTO, ListenTermDTO } from './models'

export type ListenOrder = 'newest' | 'reach'

export function listenSearches(clientId: number): Promise<ListenSearchDTO[]> {
  return callBackend(() => Listen.Searches(clientId))
}

export function saveListenSearch(input: ListenSearchInput): Promise<ListenSearchDTO> {
  return callBackend(() => Listen.SaveSearch(input))
}

export function deleteListenSearch(id: number): Promise<void> {
  return callBackend(() => Listen.DeleteSearch(id))
}

export function listenResults(clientId: number, searchId: number, order: ListenOrder, includeHandled = false, limit = 200): Promise<ListenResultDTO[]> {
  return callBackend(() => Listen.Results(clientId, searchId, order, includeHandled, limit))
}

/** Turns a result into a conversation on the handle that found it; resolves with its id. */
export function replyToListenResult(resultId: number): Promise<number> {
  return callBackend(() => Listen.Reply(resultId))
}

export function markListenHandled(resultId: number, handled: boolean): Promise<void> {
  return callBackend(() => Listen.MarkHandled(resultId, handled))
}

export function muteListenAuthor(resultId: number): Promise<void> {
  return callBackend(() => Listen.MuteAuthor(resultId))
}

export function muteListenWord(clientId: number, word: string): Promise<void> {
  return callBackend(() => Listen.MuteWord(clientId, word))
}

export function unmuteListen(clientId: number, kind: string, value: string): Promise<void> {
  return callBackend(() => Listen.Unmute(clientId, kind, value))
}

export function listenMutes(clientId: number): Promise<ListenMuteDTO[]> {
  return callBackend(() => Listen.Mutes(clientId))
}

export function listenTrending(clientId: number, searchId: number, days: number): Promise<ListenTermDTO[]> {
  return callBackend(() => Listen.Trending(clientId, searchId, days))
}

/** A client's surges of the last day, newest first, with whether each one's desktop notification showed. */
export function listenSpikes(clientId: number): Promise<ListenSpikeDTO[]> {
  return callBackend(() => Listen.Spikes(clientId))
}
