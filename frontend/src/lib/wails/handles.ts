// Typed wrappers for connecting, testing and removing care handles.
import * as Handles from '../../../wailsjs/go/app/HandlesAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { callBackend } from './index'
import type { ConnectionResult, HandleDTO, MailDiscovery, MailPreset, NetworkSpec, NewHandle, SignInResult } from './models'

export type { ConnectionResult, FieldSpec, MailDiscovery, MailPreset, MailSettings, NetworkSpec, NewHandle, SignInChoice, SignInResult } from './models'

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
  return callBackend(() => Handles.AddHandle(asDTO<app.NewHandleDTO>(h)))
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

/**
 * Runs the network's sign-in in the system browser with the form's settings (Mastodon instance, X client id,
 * Meta app id and callback port …), then connects the handle or lists the accounts to pick from.
 */
export function signIn(clientId: number, network: string, settings: Record<string, string>): Promise<SignInResult> {
  return callBackend(() => Handles.SignIn(clientId, network, settings))
}

/** Connects the account picked after signIn (a Facebook page, or the Instagram account linked to it). */
export function chooseSignIn(clientId: number, network: string, choiceId: string): Promise<HandleDTO> {
  return callBackend(() => Handles.ChooseSignIn(clientId, network, choiceId))
}

/** The mail providers offered by name, with their app-password steps. */
export function mailPresets(): Promise<MailPreset[]> {
  return callBackend(() => Handles.MailPresets())
}

/** Looks an address's IMAP/SMTP servers up (preset, DNS SRV records, autoconfig file); failures are listed, not thrown. */
export function discoverMail(address: string): Promise<MailDiscovery> {
  return callBackend(() => Handles.DiscoverMail(address))
}
