// The one query-key factory: every useQuery, prefetch and invalidation names
// its data through it, so what a mutation or an inbox:delta marks stale is
// exactly what a screen reads. Keys nest: invalidating a prefix (`all`) covers
// every key built on it.
import type { FilterDTO, SearchQueryDTO } from './wails'

export const queryKeys = {
  info: ['info'] as const,
  sidebar: ['sidebar'] as const,
  networkSpecs: ['network-specs'] as const,

  /** Every conversation list: filtered windows and the "due soon" list. */
  conversations: ['conversations'] as const,
  conversationsFor: (filter: FilterDTO) => ['conversations', filter] as const,
  page: (filter: FilterDTO, page: number) => ['conversations', filter, page] as const,
  dueSoon: (minutes: number) => ['conversations', 'due-soon', minutes] as const,

  /** Every open thread. */
  threads: ['conversation'] as const,
  conversation: (id: number) => ['conversation', id] as const,
  /** A thread's public-close loop: under its thread, so its deltas refresh it. */
  publicClose: (id: number) => ['conversation', id, 'public-close'] as const,

  /** Every search. */
  searches: ['search'] as const,
  search: (q: SearchQueryDTO) => ['search', 'filtered', q] as const,
  customer: (id: number) => ['customer', id] as const,

  /** Every handle's backfill; refreshed by the handle's deltas. */
  backfills: ['backfill'] as const,
  backfill: (handleId: number) => ['backfill', handleId] as const,

  tags: ['tags'] as const,
  views: ['views'] as const,
  compose: (id: number) => ['compose', id] as const,
  sensitive: (id: number) => ['sensitive', id] as const,
  voice: (clientId: number) => ['voice', clientId] as const,
  agentName: ['agent-name'] as const,
  sendDelay: ['send-delay'] as const,
  guide: ['guide'] as const,

  deadlineSettings: (clientId: number) => ['deadline-settings', clientId] as const,
  deadlinePreview: (args: unknown) => ['deadline-preview', args] as const,
  deadlineEvents: (conversationId: number) => ['deadline-events', conversationId] as const,
  quietHours: ['quiet-hours'] as const,
  publicCloseSettings: (clientId: number) => ['public-close-settings', clientId] as const,

  /** The Data screen (issue 15): backups, their schedule, a restore's state, erasures. */
  data: ['data'] as const,
  backups: ['data', 'backups'] as const,
  backupSettings: ['data', 'backup-settings'] as const,
  restoreStatus: ['data', 'restore'] as const,
  erasures: ['data', 'erasures'] as const,
  customersFound: (text: string) => ['data', 'customers', text] as const,

  /** Every report; one is named by its scope and days (YYYY-MM-DD, the last included). */
  reports: ['report'] as const,
  report: (scope: { clientId: number; handleId: number; network: string; kind: string }, from: string, to: string) =>
    ['report', scope.clientId, scope.handleId, scope.network, scope.kind, from, to] as const,
  insights: (scope: { clientId: number; handleId: number; network: string; kind: string }, from: string, to: string, includePrivate: boolean) =>
    ['report', 'insights', scope.clientId, scope.handleId, scope.network, scope.kind, from, to, includePrivate] as const,

  /** Everything of the Listening view (issue 16): searches, results, mutes, trending terms. */
  listen: ['listen'] as const,
  listenSearches: (clientId: number) => ['listen', 'searches', clientId] as const,
  listenResults: (clientId: number, searchId: number, order: string) => ['listen', 'results', clientId, searchId, order] as const,
  listenMutes: (clientId: number) => ['listen', 'mutes', clientId] as const,
  listenSpikes: (clientId: number) => ['listen', 'spikes', clientId] as const,
  listenTrending: (clientId: number, searchId: number, days: number) => ['listen', 'trending', clientId, searchId, days] as const,
}
