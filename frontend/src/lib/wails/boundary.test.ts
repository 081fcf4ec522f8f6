import { describe, expect, it } from 'vitest'

// Every source file of the front end, as text (Vite's import.meta.glob).
const sources = import.meta.glob<string>('/src/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true })

describe('the contract with the back end', () => {
  it('has src/lib/wails/ as the only importer of the generated bindings', () => {
    const outside = Object.entries(sources)
      .filter(([path, text]) => !path.startsWith('/src/lib/wails/') && /from\s+['"][^'"]*wailsjs\//.test(text))
      .map(([path]) => path)
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    expect(outside).toEqual([])
  })

  it('declares no DTO by hand: the types come from the generated models', () => {
    const handWritten = Object.entries(sources)
      .filter(([path]) => !path.endsWith('.test.ts') && !path.endsWith('.test.tsx'))
      .flatMap(([path, text]) =>
        [...text.matchAll(/^export (?:interface|type) (\w+DTO)\b(?! = Model<)/gm)].map((m) => `${path}: ${m[1]}`),
      )
    expect(handWritten).toEqual([])
  })
})
