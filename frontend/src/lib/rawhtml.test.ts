// Untrusted content is text (a non-negotiable): no component may hand raw
// HTML to the DOM. React's escape hatch and the DOM's HTML setters are
// searched for in every source file, tests included (a test that builds its
// DOM from an HTML string teaches the habit), so a new one fails here, not in
// review. Only this file, which names the patterns, is left out.
import { describe, expect, it } from 'vitest'

const files = import.meta.glob('../**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>
const RAW = [/dangerously\w*InnerHTML/, /\.(inner|outer)HTML\s*=/, /insertAdjacentHTML/, /document\.write/, /createContextualFragment/]

describe('no raw HTML in the front end', () => {
  it('finds no HTML sink in any source file', () => {
    const scanned = Object.entries(files).filter(([f]) => !f.endsWith('/rawhtml.test.ts'))
    expect(scanned.length).toBeGreaterThan(20)
    expect(scanned.some(([f]) => f.endsWith('.test.ts'))).toBe(true) // tests are searched too
    const found = scanned.flatMap(([f, src]) =>
      src.split('\n').flatMap((line, i) => (RAW.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(found).toEqual([])
  })
})
