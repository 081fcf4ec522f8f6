// TanStack Query hooks for triage, composing and filtered search (issue 5).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { queryKeys } from './queryKeys'
import {
  composeContext,
  deleteView,
  getCustomer,
  listTags,
  listViews,
  moveToPrivate,
  saveView,
  searchMessages,
  sendReply,
  sensitiveInThread,
  setStatus,
  setUnread,
  tagConversations,
  untagConversations,
  type ConversationStatus,
  type FilterDTO,
  type SearchQueryDTO,
} from './wails'

export function useTags() {
  return useQuery({ queryKey: queryKeys.tags, queryFn: listTags })
}

export function useViews() {
  return useQuery({ queryKey: queryKeys.views, queryFn: listViews })
}

export function useComposeContext(id: number) {
  // Fetched once per open conversation: the draft must not be overwritten
  // by a refetch while the person types.
  return useQuery({ queryKey: queryKeys.compose(id), queryFn: () => composeContext(id), staleTime: Infinity, gcTime: 0 })
}

export function useSensitive(id: number, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.sensitive(id), queryFn: () => sensitiveInThread(id), enabled })
}

export function useFilteredSearch(q: SearchQueryDTO) {
  return useQuery({
    queryKey: queryKeys.search(q),
    queryFn: () => searchMessages(q),
    enabled: q.text.trim().length >= 2 || q.author.trim().length >= 2,
    staleTime: 10_000,
  })
}

export function useCustomer(id: number | null) {
  return useQuery({ queryKey: queryKeys.customer(id ?? 0), queryFn: () => getCustomer(id as number), enabled: !!id })
}

function useInvalidate() {
  const qc = useQueryClient()
  return (ids: number[]) => {
    void qc.invalidateQueries({ queryKey: queryKeys.conversations })
    void qc.invalidateQueries({ queryKey: queryKeys.sidebar })
    void qc.invalidateQueries({ queryKey: queryKeys.tags })
    for (const id of ids) void qc.invalidateQueries({ queryKey: queryKeys.conversation(id) })
  }
}

/** One mutation for every bulk action on a selection. */
export type BulkAction =
  | { kind: 'status'; status: ConversationStatus; snoozedUntil?: number }
  | { kind: 'tag'; name: string }
  | { kind: 'untag'; name: string }
  | { kind: 'unread'; unread: boolean }

export function useBulk() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: ({ ids, action }: { ids: number[]; action: BulkAction }) => {
      switch (action.kind) {
        case 'status':
          return setStatus(ids, action.status, action.snoozedUntil ?? 0)
        case 'tag':
          return tagConversations(ids, action.name)
        case 'untag':
          return untagConversations(ids, action.name)
        case 'unread':
          return setUnread(ids, action.unread)
      }
    },
    onSettled: (_d, _e, v) => invalidate(v.ids),
  })
}

export function useSendReply() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: (v: { id: number; text: string; visibility: 'public' | 'private' }) => sendReply(v.id, v.text, v.visibility),
    onSettled: (_d, _e, v) => invalidate([v.id]),
  })
}

export function useMoveToPrivate() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: (v: { id: number; publicNote: string; privateText: string }) => moveToPrivate(v.id, v.publicNote, v.privateText),
    onSettled: (r, _e, v) => invalidate(r ? [v.id, r.privateConversationId] : [v.id]),
  })
}

export function useSaveView() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { name: string; filter: FilterDTO }) => saveView(v.name, v.filter),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.views }),
  })
}

export function useDeleteView() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => deleteView(id),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.views }),
  })
}
