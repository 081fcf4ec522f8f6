// The client's tone of voice beside the composer: avoided words flagged as
// the agent types (with what to say instead), the sign-off that will be
// added, and the right and wrong examples. Everything is shown as text.
import { useEffect, useRef, useState } from 'react'
import { checkWords, HUMOUR_LEVELS, type VoiceDTO, type WordHitDTO } from '../../lib/wails'
import type { SignState } from '../../lib/voice'

/**
 * The client's avoided words found in text, checked by the back end
 * (backend/voice: whole words and phrases, any case, Unicode-aware) a moment
 * after typing stops. Stale answers are dropped.
 */
export function useAvoidedWords(clientId: number, text: string, enabled: boolean): WordHitDTO[] {
  const [hits, setHits] = useState<WordHitDTO[]>([])
  const seq = useRef(0)
  useEffect(() => {
    const n = ++seq.current
    if (!enabled || !text.trim()) {
      setHits([])
      return
    }
    const t = window.setTimeout(() => {
      checkWords(clientId, text)
        .then((h) => {
          if (seq.current === n) setHits(h)
        })
        .catch(() => {})
    }, 150)
    return () => window.clearTimeout(t)
  }, [clientId, text, enabled])
  return hits
}

/** The inline list under the textarea. It warns and suggests; it never blocks sending. */
export function AvoidedWords({ hits, clientName }: { hits: WordHitDTO[]; clientName: string }) {
  if (hits.length === 0) return null
  return (
    <div className="voice-flags" role="status" aria-live="polite" data-testid="avoided-words">
      <span className="voice-flags-title">
        <span aria-hidden="true">⚠ </span>
        {clientName} avoids {hits.length === 1 ? 'this word' : 'these words'}:
      </span>
      <ul>
        {hits.map((h) => (
          <li key={h.phrase} data-testid="avoided-word" data-phrase={h.phrase}>
            <mark className="voice-flag-word">“{h.found}”</mark>
            {h.count > 1 && <span className="hint"> ({h.count} times)</span>}
            {' — '}
            {h.alternative ? (
              <>
                say <strong data-testid="avoided-word-alternative">“{h.alternative}”</strong> instead
              </>
            ) : (
              'better left out'
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Says whether the client's sign-off will be added to this reply, and why not. */
export function SignoffNote({ state, signoff, limit }: { state: SignState; signoff: string; limit: number | null }) {
  if (state === 'off') return null
  const text =
    state === 'appended'
      ? `Signed “${signoff}” when sent.`
      : state === 'present'
        ? `Already signed “${signoff}” — it is not added twice.`
        : `The sign-off “${signoff}” is left out: with it the reply would pass ${limit} characters.`
  return (
    <p className={`voice-signoff${state === 'too-long' ? ' inline-warn' : ' hint'}`} data-testid="signoff-note" data-state={state}>
      {text}
    </p>
  )
}

function humourLabel(level: string): string {
  return HUMOUR_LEVELS.find((h) => h.value === level)?.label ?? level
}

/** Tone, humour rule, words to prefer and the right/wrong examples, beside the composer. */
export function VoiceAside({ clientName, tone, voice }: { clientName: string; tone: string; voice?: VoiceDTO | null }) {
  const examples = voice?.examples ?? []
  const prefer = voice?.prefer ?? []
  const rule = voice?.humourRule ?? ''
  if (!tone && examples.length === 0 && prefer.length === 0 && !rule) return null
  return (
    <aside className={`tone${examples.length > 0 ? ' tone-wide' : ''}`} data-testid="tone-notes" aria-label={`${clientName}'s tone of voice`}>
      <div className="tone-title">{clientName} — tone of voice</div>
      {tone && <div className="tone-text">{tone}</div>}
      {(rule || voice?.humour === 'never') && (
        <div className="tone-humour" data-testid="tone-humour">
          <strong>Humour: {humourLabel(voice?.humour ?? 'care')}.</strong> {rule}
        </div>
      )}
      {prefer.length > 0 && (
        <div className="tone-prefer" data-testid="tone-prefer">
          <strong>Prefer:</strong> {prefer.map((w) => w.phrase).join(', ')}
        </div>
      )}
      {examples.length > 0 && (
        <details className="tone-examples" open data-testid="voice-examples">
          <summary>Right and wrong ({examples.length})</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">✓ Say</th>
                <th scope="col">✗ Not</th>
              </tr>
            </thead>
            <tbody>
              {examples.map((e, i) => (
                <tr key={i} data-testid="voice-example">
                  <td className="tone-right">{e.right}</td>
                  <td className="tone-wrong">
                    {e.wrong}
                    {e.note && <div className="hint">{e.note}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </aside>
  )
}
