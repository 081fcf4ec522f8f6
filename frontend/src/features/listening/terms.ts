/** Splits what the person typed (commas or new lines) into a list, trimmed and without blanks. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Joins a list back for the form. */
export function joinList(items: string[]): string {
  return items.join(', ')
}

/**
 * How many posts X's recent search would read a day: every term runs once
 * per run (every 5 minutes), and each run may read up to 100 posts, each
 * billed. Shown before X could be switched on.
 */
export function xReadsPerDay(terms: number): number {
  return terms * (24 * 60) / 5 * 100
}
