// The Data screen's export scope: what the person picked, as the back end's
// ExportScopeDTO, and whether it is complete.
import { exportScope, type ExportScopeDTO } from '../../lib/wails/data'

export type ScopeKind = 'conversation' | 'customer' | 'client' | 'search'

export interface ScopeForm {
  kind: ScopeKind
  conversationId: number
  customerId: number
  client: string
  search: string
  from: string
  to: string
}

export const EMPTY_FORM: ScopeForm = { kind: 'client', conversationId: 0, customerId: 0, client: '', search: '', from: '', to: '' }

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Why the form cannot be exported yet, or null. */
export function scopeError(f: ScopeForm): string | null {
  switch (f.kind) {
    case 'conversation':
      if (!(f.conversationId > 0)) return 'Choose a conversation.'
      break
    case 'customer':
      if (!(f.customerId > 0)) return 'Choose a customer.'
      break
    case 'client':
      if (f.client.trim() === '') return 'Choose a client.'
      break
    case 'search':
      if (f.search.trim() === '') return 'Type what to search for.'
      break
  }
  if (f.from !== '' && !DAY.test(f.from)) return 'The first day is not a date.'
  if (f.to !== '' && !DAY.test(f.to)) return 'The last day is not a date.'
  if (f.from !== '' && f.to !== '' && f.from > f.to) return 'The first day is after the last.'
  return null
}

/** The DTO of a form: only the field of its kind, the dates for every kind but one conversation. */
export function toScope(f: ScopeForm): ExportScopeDTO {
  const dates = f.kind === 'conversation' ? {} : { from: f.from, to: f.to }
  switch (f.kind) {
    case 'conversation':
      return exportScope({ conversationId: f.conversationId })
    case 'customer':
      return exportScope({ customerId: f.customerId, ...dates })
    case 'client':
      return exportScope({ client: f.client.trim(), ...dates })
    case 'search':
      return exportScope({ search: f.search.trim(), ...dates })
  }
}
