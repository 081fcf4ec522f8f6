import type { FilterDTO } from './wails'

export type StatusFilter = 'open' | 'pending' | 'snoozed' | 'resolved' | 'all'

export const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
]

export type Scope =
  | { kind: 'all' }
  | { kind: 'client'; clientId: number }
  | { kind: 'handle'; clientId: number; handleId: number }

export interface ListFilter {
  scope: Scope
  status: StatusFilter
  unreadOnly: boolean
}

export const DEFAULT_FILTER: ListFilter = { scope: { kind: 'all' }, status: 'open', unreadOnly: false }

export function toFilterDTO(f: ListFilter): FilterDTO {
  return {
    clientId: f.scope.kind === 'client' ? f.scope.clientId : 0,
    handleId: f.scope.kind === 'handle' ? f.scope.handleId : 0,
    network: '',
    statuses: f.status === 'all' ? [] : [f.status],
    unreadOnly: f.unreadOnly,
    tags: [],
    deadlineStates: [],
    customerId: 0,
    irate: false,
    moods: [],
    publicClosePending: false,
  }
}
