// Typed wrappers for connecting, testing and removing care handles.
import * as Handles from '../../../wailsjs/go/app/HandlesAPI'
import { app } from '../../../wailsjs/go/models'
import { callBackend } from './index'
import type { ConnectionResult, HandleDTO, NetworkSpec, NewHandle, PageChoice } from './models'

export type { ConnectionResult, FieldSpec, NetworkSpec, NewHandle } from './models'

export function networkSpecs(): Promise<NetworkSpec[]> {
  return callBackend(() => Handles.Networks())
}

export function testConnection(
  network: string,
  settings: Record<string, string>,
  secrets: Record<string, string>,
): Promise<ConnectionResult> {
  return callBackend(() => Handles.TestConnection(network, settings, secrets))
}

export function addHandle(h: NewHandle): Promise<HandleDTO> {
  return callBackend(() => Handles.AddHandle(app.NewHandleDTO.createFrom(h)))
}

export function removeHandle(id: number): Promise<void> {
  return callBackend(() => Handles.RemoveHandle(id))
}

export function syncNow(id: number): Promise<void> {
  return callBackend(() => Handles.SyncNow(id))
}

/** Checks new credentials against the handle's settings and saves them only if the network accepts them. */
export function updateCredentials(id: number, secrets: Record<string, string>): Promise<ConnectionResult> {
  return callBackend(() => Handles.UpdateCredentials(id, secrets))
}

/** Signs in to a Mastodon instance in the system browser (OAuth + PKCE) and connects the handle. */
export function signInMastodon(clientId: number, instance: string): Promise<HandleDTO> {
  return callBackend(() => Handles.SignInMastodon(clientId, instance))
}

/** Signs in to X in the system browser with the user's own X app (OAuth + PKCE) and connects the handle. */
export function signInX(clientId: number, settings: Record<string, string>): Promise<HandleDTO> {
  return callBackend(() => Handles.SignInX(clientId, settings))
}

/** A page offered by "Sign in with Facebook" (its token stays in the app, named by choiceId). */
export type { PageChoice } from './models'

/** Runs Facebook Login in the system browser with the user's own Meta app and lists the pages they manage. */
export function signInFacebook(clientId: number, network: string, appId: string, port: number): Promise<PageChoice[]> {
  return callBackend(() => Handles.SignInFacebook(clientId, network, appId, port))
}

/** Connects the page picked after signInFacebook (Facebook Page, or its linked Instagram account). */
export function connectFacebookPage(clientId: number, network: string, choiceId: string): Promise<HandleDTO> {
  return callBackend(() => Handles.ConnectFacebookPage(clientId, network, choiceId))
}
