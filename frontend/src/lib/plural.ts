// Counted nouns ("1 conversation", "2 conversations") through Intl.PluralRules.
// The words are English, so the rules are English ones; the number itself is
// formatted for the user's locale.

const rules = new Intl.PluralRules('en')

/** The word for n: `one` when English calls n singular, else `other`. */
export function pluralWord(n: number, one: string, other: string): string {
  return rules.select(n) === 'one' ? one : other
}

/** "1 conversation", "1,204 conversations". */
export function countOf(n: number, one: string, other: string): string {
  return `${n.toLocaleString()} ${pluralWord(n, one, other)}`
}
