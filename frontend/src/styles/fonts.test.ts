// The font stacks: the system's UI font and generic families only. WebKitGTK
// asks fontconfig about every named family a machine lacks before the first
// paint; the long cross-platform stack these replaced cost about 250 ms of
// each start on the benchmark machine (docs/BENCHMARKS.md, issue 13).
import { describe, expect, it } from 'vitest'
import base from './base.css?raw'

const sheets = import.meta.glob('../**/*.css', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

// Keywords the engine resolves itself: nothing to look up, on any system.
// (The empty thread pane shows <kbd> shortcuts at start, so the code font
// counts as much as the UI font.)
const allowed = new Set(['system-ui', 'sans-serif', 'serif', 'monospace', 'ui-monospace', 'inherit'])

function families(value: string): string[] {
  return value.split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean)
}

describe('font stacks', () => {
  it('the UI font is the system font, then sans-serif', () => {
    const m = /--font:\s*([^;]+);/.exec(base)
    expect(m && families(m[1])).toEqual(['system-ui', 'sans-serif'])
  })
  it.each(Object.entries(sheets))('%s names only generic families', (_, css) => {
    const stacks = [...css.matchAll(/(?:font-family|--font|--mono)\s*:\s*([^;]+);/g)].map((m) => m[1])
    for (const stack of stacks) {
      for (const f of families(stack.replace(/var\([^)]*\)/g, ''))) expect(allowed, `${f} in "${stack}"`).toContain(f)
    }
  })
})
