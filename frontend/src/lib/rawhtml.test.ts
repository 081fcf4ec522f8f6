// Untrusted content is text (a non-negotiable): no component may hand raw
// HTML to the DOM. React's escape hatch and the DOM's HTML setters are
// searched for in every source file, so a new one fails here, not in review.
import { describe, expect, it } from 'vitest'

const files = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>
const RAW = [/dangerously\w*InnerHTML/, /\.(inner|outer)HTML\s*=/, /insertAdjacentHTML/, /document\.write/, /createContextualFragment/]

describe('no raw HTML in the front end', () => {
  it('finds no HTML sink in any source file', () => {
    expect(Object.keys(files).length).toBeGreaterThan(20)
    const found = Object.entries(files).flatMap(([f, src]) =>
      src.split('\n').flatMap((line, i) => (RAW.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(found).toEqual([])
  })
})
