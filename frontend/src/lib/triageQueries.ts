// TanStack Query hooks for triage, composing and filtered search (issue 5).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { queryKeys } from './queryKeys'
import { statusDoneText } from './queries'
import { restoreReply } from './restoreReply'
import { useUndoToast } from '../ui/UndoToast'
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
  changeStatus,
  setUnread,
  undoSend,
  undoStatus,
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
  const offer = useUndoToast()
  return useMutation({
    mutationFn: async ({ ids, action }: { ids: number[]; action: BulkAction }) => {
      switch (action.kind) {
        case 'status': {
          // Undoable: the toast puts every conversation back as it was.
          const r = await changeStatus(ids, action.status, action.snoozedUntil ?? 0)
          offer({
            message: statusDoneText(action.status, ids.length),
            undone: ids.length === 1 ? 'Put back as it was' : `Put ${ids.length} conversations back as they were`,
            undo: () => undoStatus(r.undoToken).finally(() => invalidate(ids)),
          })
          return
        }
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

/**
 * Sends a reply. It is held in the outbox for the send delay; the toast's
 * Undo (while it lasts) pulls it back and puts the text back in the composer.
 */
export function useSendReply() {
  const invalidate = useInvalidate()
  const offer = useUndoToast()
  return useMutation({
    mutationFn: (v: { id: number; text: string; visibility: 'public' | 'private' }) => sendReply(v.id, v.text, v.visibility),
    onSuccess: (m, v) => {
      if (m.undoUntil <= Date.now()) return
      offer({
        message: 'Reply queued',
        until: m.undoUntil,
        countdown: (s) => `Sending in ${s} s`,
        undone: 'Reply pulled back — it is in the composer again',
        undo: () =>
          undoSend(m.id)
            .then(restoreReply)
            .finally(() => invalidate([v.id])),
      })
    },
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
