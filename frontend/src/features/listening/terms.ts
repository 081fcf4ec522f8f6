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
 * At most how many posts X's recent search reads a day: every term runs once
 * a run (every 15 minutes, backend/listen XInterval) and reads up to 10
 * posts (x.SearchPage), each billed. Shown before X is switched on.
 */
export function xReadsPerDay(terms: number): number {
  return ((terms * (24 * 60)) / 15) * 10
}
