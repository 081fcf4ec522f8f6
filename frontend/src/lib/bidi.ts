// Direction overrides and embeddings (U+202A–U+202E) and isolates
// (U+2066–U+2069) in text from strangers can reorder what is shown around
// them — a name can make the @username beside it read backwards. Names are
// isolated with <bdi> wherever they are shown (ui/Name), and text that holds
// such characters gets a visible marker so nobody is fooled by it.

const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/

/** Whether s holds a bidirectional embedding, override or isolate character. */
export function hasDirectionControls(s: string | null | undefined): boolean {
  return !!s && CONTROLS.test(s)
}

/** The marker's explanation (its title and accessible name). */
export const DIRECTION_CONTROL_NOTE = 'Contains hidden text-direction characters: the text may look reordered'
