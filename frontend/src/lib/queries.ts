// Server state: TanStack Query keys, hooks and the inbox:delta handler.
import { QueryClient, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query'
import { queryKeys } from './queryKeys'
import { useUndoToast } from '../ui/UndoToast'
import { restoreReply } from './restoreReply'
import {
  addNote,
  changeStatus,
  createClient,
  getConversation,
  getInfo,
  getSidebar,
  listConversations,
  markRead,
  retrySend,
  setStatus,
  toApiError,
  undoSend,
  undoStatus,
  type ConversationDetailDTO,
  type ConversationPageDTO,
  type ConversationStatus,
  type FilterDTO,
  type InboxDelta,
} from './wails'

/** Rows fetched per list window. */
export const PAGE_SIZE = 100

/** How long a list window nobody shows stays cached: a scroll back finds it, a long scroll does not pile them up. */
const PAGE_GC_MS = 30_000

/**
 * How long any other answer nobody shows stays cached (TanStack's default is
 * five minutes): threads opened one after another, searches typed letter by
 * letter and report screens left behind are dropped sooner, so the web
 * process holds what is on screen and little else.
 */
const GC_MS = 60_000

const NO_RETRY = new Set(['not_found', 'invalid', 'unavailable', 'keychain_unavailable'])

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The back end tells us when data changes (inbox:delta), so there is
        // no need to refetch on focus or keep polling.
        staleTime: 60_000,
        gcTime: GC_MS,
        refetchOnWindowFocus: false,
        retry: (count, err) => count < 2 && !NO_RETRY.has(toApiError(err).code),
      },
      mutations: { retry: false },
    },
  })
}

/**
 * Starts the queries of the first screen at once, side by side: without it the
 * window asks for the workspace's info, renders, and only then asks for the
 * sidebar and the first page — one round trip more before any row shows.
 * firstPage must be the filter the queue opens with (App.tsx startFilter);
 * mark hears when each answer has arrived (the start-up mark's phases).
 */
export function prefetchStart(qc: QueryClient, firstPage: FilterDTO, mark: (what: string) => void = () => {}): void {
  void qc.prefetchQuery({ queryKey: queryKeys.info, queryFn: getInfo, staleTime: Infinity }).then(() => mark('info'))
  void qc.prefetchQuery({ queryKey: queryKeys.sidebar, queryFn: getSidebar }).then(() => mark('sidebar'))
  void qc
    .prefetchQuery({ queryKey: queryKeys.page(firstPage, 0), queryFn: () => fetchPage(firstPage, 0), gcTime: PAGE_GC_MS })
    .then(() => mark('first page'))
}

export function useInfo() {
  return useQuery({ queryKey: queryKeys.info, queryFn: getInfo, staleTime: Infinity })
}

export function useSidebar() {
  return useQuery({ queryKey: queryKeys.sidebar, queryFn: getSidebar })
}

function fetchPage(filter: FilterDTO, page: number): Promise<ConversationPageDTO> {
  return listConversations(filter, page * PAGE_SIZE, PAGE_SIZE)
}

/**
 * One window of the list. Every visible row subscribes to the page it falls in
 * (TanStack dedupes), so only pages with a row on screen are fetched and kept
 * fresh; pages scrolled away from are garbage-collected.
 */
export function useConversationPage(filter: FilterDTO, page: number) {
  return useQuery({
    queryKey: queryKeys.page(filter, page),
    queryFn: () => fetchPage(filter, page),
    gcTime: PAGE_GC_MS,
  })
}

/**
 * Fetches the pages around a scroll position before their rows appear, so a
 * fast scroll meets filled rows instead of placeholders. The first visible
 * page and two beyond it in each direction are enough at the wheel's pace.
 */
export function prefetchPagesAround(qc: QueryClient, filter: FilterDTO, index: number, total: number): void {
  const page = Math.floor(index / PAGE_SIZE)
  const last = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1)
  for (let p = Math.max(0, page - 2); p <= Math.min(last, page + 2); p++) {
    void qc.prefetchQuery({ queryKey: queryKeys.page(filter, p), queryFn: () => fetchPage(filter, p), gcTime: PAGE_GC_MS })
  }
}

/** The loaded conversation id at a list index, fetching its page if needed. */
export async function conversationIdAt(qc: QueryClient, filter: FilterDTO, index: number): Promise<number | null> {
  const page = Math.floor(index / PAGE_SIZE)
  const data = await qc.ensureQueryData({ queryKey: queryKeys.page(filter, page), queryFn: () => fetchPage(filter, page) })
  return data.items[index % PAGE_SIZE]?.id ?? null
}

/** The index of a conversation among the loaded pages of a list, or -1. */
export function loadedIndexOf(qc: QueryClient, filter: FilterDTO, id: number): number {
  for (const [key, data] of qc.getQueriesData<ConversationPageDTO>({ queryKey: queryKeys.conversationsFor(filter) })) {
    const page = (key as QueryKey)[2]
    if (typeof page !== 'number' || !data) continue
    const i = data.items.findIndex((c) => c.id === id)
    if (i >= 0) return page * PAGE_SIZE + i
  }
  return -1
}

export function useConversation(id: number | null) {
  return useQuery({
    queryKey: queryKeys.conversation(id ?? 0),
    queryFn: () => getConversation(id as number),
    enabled: id !== null && id > 0,
  })
}

function invalidateConversation(qc: QueryClient, ids: number[]) {
  void qc.invalidateQueries({ queryKey: queryKeys.conversations })
  void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
  for (const id of ids) void qc.invalidateQueries({ queryKey: queryKeys.conversation(id) })
}

export function useMarkRead() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => markRead(id),
    onSettled: (_d, _e, id) => invalidateConversation(qc, [id]),
  })
}

/** Retries a failed reply; the thread refreshes from the outbox's deltas. */
export function useRetrySend(conversationId: number) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (messageId: number) => retrySend(messageId),
    onSettled: () => invalidateConversation(qc, [conversationId]),
  })
}

export function useSetStatus() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { ids: number[]; status: ConversationStatus; snoozedUntil?: number }) =>
      setStatus(v.ids, v.status, v.snoozedUntil ?? 0),
    onSettled: (_d, _e, v) => invalidateConversation(qc, v.ids),
  })
}

const STATUS_DONE: Record<string, string> = {
  open: 'Reopened',
  pending: 'Marked pending',
  resolved: 'Resolved',
  snoozed: 'Snoozed',
}

/** "Resolved 3 conversations", "Snoozed the conversation". */
export function statusDoneText(status: string, n: number): string {
  const verb = STATUS_DONE[status] ?? `Moved to ${status}`
  return n === 1 ? `${verb} the conversation` : `${verb} ${n} conversations`
}

/**
 * A status change with an Undo toast that puts every conversation back as
 * it was (status, snooze time, a scheduled survey) — the bulk case too.
 */
export function useUndoableStatus() {
  const qc = useQueryClient()
  const offer = useUndoToast()
  return useMutation({
    mutationFn: (v: { ids: number[]; status: ConversationStatus; snoozedUntil?: number }) =>
      changeStatus(v.ids, v.status, v.snoozedUntil ?? 0),
    onSuccess: (r, v) =>
      offer({
        message: statusDoneText(v.status, v.ids.length),
        undone: v.ids.length === 1 ? 'Put back as it was' : `Put ${v.ids.length} conversations back as they were`,
        undo: () => undoStatus(r.undoToken).finally(() => invalidateConversation(qc, v.ids)),
      }),
    onSettled: (_d, _e, v) => invalidateConversation(qc, v.ids),
  })
}

/**
 * Pulls a held reply back; its text goes back into the composer (or the
 * conversation's draft when the composer is not on screen).
 */
export function useUndoSend(conversationId: number) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (messageId: number) => undoSend(messageId),
    onSuccess: (r) => restoreReply(r),
    onSettled: () => invalidateConversation(qc, [conversationId]),
  })
}

export function useAddNote() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { conversationId: number; text: string }) => addNote(v.conversationId, v.text),
    onSuccess: (note, v) => {
      qc.setQueryData<ConversationDetailDTO>(queryKeys.conversation(v.conversationId), (old) =>
        old && !old.notes.some((n) => n.id === note.id) ? { ...old, notes: [...old.notes, note] } : old,
      )
      void qc.invalidateQueries({ queryKey: queryKeys.conversation(v.conversationId) })
    },
  })
}

export function useCreateClient() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => createClient(name),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.sidebar }),
  })
}

/**
 * Applies an inbox:delta event: marks what it touches stale. Only queries
 * with an observer on screen refetch (visible list windows, the open thread,
 * the sidebar); the rest refetch when next shown.
 */
export function applyDelta(qc: QueryClient, d: InboxDelta) {
  switch (d.entity) {
    case 'deadline': // recomputed deadlines (ids are conversations)
    case 'conversation':
      invalidateConversation(qc, [...d.upserted, ...d.removed])
      void qc.invalidateQueries({ queryKey: queryKeys.searches })
      break
    case 'message':
      // Message ids do not say which conversation they belong to: refresh the
      // thread on screen (inactive ones are only marked stale) and the list.
      void qc.invalidateQueries({ queryKey: queryKeys.threads })
      void qc.invalidateQueries({ queryKey: queryKeys.conversations })
      void qc.invalidateQueries({ queryKey: queryKeys.searches })
      break
    case 'handle':
    case 'client':
      // A backfill page says so on its handle: its progress refreshes too.
      if (d.entity === 'handle') void qc.invalidateQueries({ queryKey: queryKeys.backfills })
      void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
      void qc.invalidateQueries({ queryKey: queryKeys.conversations })
      void qc.invalidateQueries({ queryKey: queryKeys.threads })
      break
    default:
      void qc.invalidateQueries()
  }
}
