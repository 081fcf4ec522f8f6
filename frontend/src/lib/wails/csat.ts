// Typed wrappers for the CSATAPI (issue 12, item 1: satisfaction follow-up).
// Like index.ts, an importer of the generated bindings; components use these
// wrappers, which reject with ApiError.
import * as CSAT from '../../../wailsjs/go/app/CSATAPI'
import type { app } from '../../../wailsjs/go/models'
import { asDTO } from './models'
import { call } from './call'
import type { Model } from './models'

export type CSATSettingsDTO = Model<app.CSATSettingsDTO>
export type CSATChannelDTO = Model<app.CSATChannelDTO>
export type SurveyDTO = Model<app.SurveyDTO>
export type CustomerCSATDTO = Model<app.CustomerCSATDTO>
export type CSATFigureDTO = Model<app.CSATFigureDTO>

export const getCSATSettings = (clientId: number): Promise<CSATSettingsDTO> => call(() => CSAT.Settings(clientId))
export const saveCSATSettings = (clientId: number, s: CSATSettingsDTO): Promise<CSATSettingsDTO> =>
  call(() => CSAT.SaveSettings(clientId, asDTO<app.CSATSettingsDTO>(s)))
export const getCSATChannels = (): Promise<CSATChannelDTO[]> => call(() => CSAT.Channels())
export const getSurvey = (conversationId: number): Promise<SurveyDTO> => call(() => CSAT.Survey(conversationId))
export const askForRating = (conversationId: number): Promise<SurveyDTO> => call(() => CSAT.AskForRating(conversationId))
export const getCustomerCSAT = (participantId: number): Promise<CustomerCSATDTO> => call(() => CSAT.Customer(participantId))
export const setSurveyOptOut = (participantId: number, optOut: boolean): Promise<void> =>
  call(() => CSAT.SetOptOut(participantId, optOut))
export const getCSATFigure = (clientId: number, fromMs: number, toMs: number): Promise<CSATFigureDTO> =>
  call(() => CSAT.Figure(clientId, fromMs, toMs))
