import { useState } from 'react'
import type { ListenSearchDTO, ListenSearchInput } from '../../lib/wails'
import { joinList, splitList, xReadsPerDay } from './terms'

interface Props {
  clientId: number
  search?: ListenSearchDTO
  saving: boolean
  error: string | null
  onSave: (input: ListenSearchInput) => void
  onCancel: () => void
}

/** Creates or edits one listening search. */
export function SearchForm({ clientId, search, saving, error, onSave, onCancel }: Props) {
  const [name, setName] = useState(search?.name ?? '')
  const [terms, setTerms] = useState(joinList(search?.terms ?? []))
  const [words, setWords] = useState(joinList(search?.excludeWords ?? []))
  const [accounts, setAccounts] = useState(joinList(search?.excludeAccounts ?? []))
  const [feeds, setFeeds] = useState((search?.feeds ?? []).join('\n'))
  const [language, setLanguage] = useState(search?.language ?? '')
  const [xOn, setXOn] = useState(search?.xEnabled ?? false)
  const termCount = splitList(terms).length
  return (
    <form
      className="listen-form"
      data-testid="listen-form"
      onSubmit={(e) => {
        e.preventDefault()
        onSave({
          id: search?.id ?? 0,
          clientId,
          name,
          terms: splitList(terms),
          excludeWords: splitList(words),
          excludeAccounts: splitList(accounts),
          feeds: feeds.split('\n').map((s) => s.trim()).filter((s) => s !== ''),
          language,
          xEnabled: xOn,
        })
      }}
    >
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Brand mentions" data-testid="listen-name" />
      </label>
      <label>
        Listen for (brand and product names, #hashtags, misspellings; separate with commas)
        <input value={terms} onChange={(e) => setTerms(e.target.value)} placeholder="Acme, #acmebags, Acmee" required data-testid="listen-terms" />
      </label>
      <label>
        Leave out posts with these words
        <input value={words} onChange={(e) => setWords(e.target.value)} placeholder="giveaway, job" data-testid="listen-exclude-words" />
      </label>
      <label>
        Leave out these accounts
        <input value={accounts} onChange={(e) => setAccounts(e.target.value)} placeholder="@acme_official" data-testid="listen-exclude-accounts" />
      </label>
      <label>
        Feeds (RSS or Atom addresses, one a line: alerts, forums, review sites)
        <textarea value={feeds} onChange={(e) => setFeeds(e.target.value)} rows={3} placeholder="https://example.com/feed.xml" data-testid="listen-feeds" />
      </label>
      <label>
        Language (two letters, empty for any)
        <input value={language} onChange={(e) => setLanguage(e.target.value)} maxLength={2} size={3} placeholder="en" data-testid="listen-language" />
      </label>
      <p className="listen-note" data-testid="listen-x-note">
        X recent search is billed per post read: up to {xReadsPerDay(Math.max(termCount, 1)).toLocaleString()} reads a day for{' '}
        {Math.max(termCount, 1)} term{termCount > 1 ? 's' : ''} (10 posts a term every 15 minutes), on each X handle of the client.
      </p>
      <label className="listen-check">
        <input type="checkbox" checked={xOn} onChange={(e) => setXOn(e.target.checked)} data-testid="listen-x" /> Also search X (billed reads, as estimated above)
      </label>
      <p className="listen-note">
        Mastodon and Bluesky are searched through the client&apos;s connected handles; feeds are read at most every 30 minutes. Nothing found enters the
        queue until you reply to it.
      </p>
      {error && (
        <p className="listen-error" role="alert" data-testid="listen-form-error">
          {error}
        </p>
      )}
      <div className="listen-form-actions">
        <button type="submit" disabled={saving} data-testid="listen-save">
          {search ? 'Save search' : 'Add search'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
