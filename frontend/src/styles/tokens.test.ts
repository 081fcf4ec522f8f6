// The colour tokens of base.css: every sheet colours through them (so the dark
// palette reaches everything), every var() names one that exists, and both
// palettes keep AA contrast for the pairs the sheets put together.
import { describe, expect, it } from 'vitest'
import base from './base.css?raw'

const sheets = import.meta.glob('../**/*.css', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

function block(css: string, start: number): string {
  let depth = 0
  for (let i = css.indexOf('{', start); i < css.length; i++) {
    if (css[i] === '{') depth++
    else if (css[i] === '}' && --depth === 0) return css.slice(start, i + 1)
  }
  throw new Error('unbalanced braces')
}

function tokens(css: string): Map<string, string> {
  return new Map([...css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]))
}

const light = tokens(block(base, base.indexOf(':root')))
const darkMedia = block(base, base.indexOf('@media (prefers-color-scheme: dark)'))
const dark = new Map([...light, ...tokens(block(darkMedia, darkMedia.indexOf(':root')))])

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`)
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

// Text on the surfaces it is drawn on (4.5:1), and UI parts (3:1).
const PAIRS: [fg: string, bg: string, min: number][] = [
  ...['--text', '--text-2', '--muted', '--accent', '--link', '--late'].flatMap((fg) =>
    ['--bg', '--panel', '--panel-2', '--sidebar', '--hover', '--selected'].map((bg): [string, string, number] => [fg, bg, 4.5]),
  ),
  ['--on-accent', '--accent', 4.5],
  ['--on-accent', '--accent-strong', 4.5],
  ['--note-text', '--note-bg', 4.5],
  ['--info-text', '--info-bg', 4.5],
  ['--warn-text', '--warn-bg', 4.5],
  ['--late-text', '--late-bg', 4.5],
  ['--ok-text', '--ok-bg', 4.5],
  ['--text', '--msg-out-bg', 4.5],
  ['--text', '--mark-bg', 4.5],
  ['--status-open-text', '--status-open-bg', 4.5],
  ['--status-pending-text', '--status-pending-bg', 4.5],
  ['--status-snoozed-text', '--status-snoozed-bg', 4.5],
  ['--status-neutral-text', '--status-neutral-bg', 4.5],
  ['--deadline-ok-text', '--deadline-ok-bg', 4.5],
  ['--deadline-soon-text', '--deadline-soon-bg', 4.5],
  ['--deadline-late-text', '--deadline-late-bg', 4.5],
  ['--deadline-paused-text', '--deadline-paused-bg', 4.5],
  ['--on-late-strong', '--late-strong', 4.5],
  ['--heat-3-text', '--heat-3', 4.5],
  ['--heat-4-text', '--heat-4', 4.5],
  ...['default', 'x', 'facebook', 'instagram', 'linkedin', 'mastodon', 'bluesky', 'email', 'telegram'].map((n): [string, string, number] => ['--on-net', `--net-${n}`, 4.5]),
  ['--focus-ring', '--bg', 3],
  ['--focus-ring', '--panel', 3],
  ['--focus-ring', '--selected', 3],
  ['--series-2', '--bg', 3],
]

describe('colour tokens', () => {
  it('every sheet colours through tokens: no colour literal outside the token declarations of base.css', () => {
    const found: string[] = []
    for (const [file, css] of Object.entries(sheets)) {
      // Comments blanked, their line breaks kept so the line numbers stay right.
      const code = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
      code.split('\n').forEach((line, i) => {
        const declaresToken = /(^|\/)base\.css$/.test(file) && /^\s*--[\w-]+\s*:/.test(line)
        if (!declaresToken && /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(Object.keys(sheets).length).toBeGreaterThan(5)
    expect(found).toEqual([])
  })

  it('every var() names a token of the light palette (the dark one overrides, never adds)', () => {
    const missing: string[] = []
    for (const [file, css] of Object.entries(sheets)) {
      const local = tokens(css)
      for (const m of css.matchAll(/var\((--[\w-]+)/g)) if (!light.has(m[1]) && !local.has(m[1])) missing.push(`${file}: ${m[1]}`)
    }
    expect(missing).toEqual([])
    expect([...dark.keys()].filter((k) => !light.has(k))).toEqual([])
  })

  it('the dark palette is dark: a dark background, light text, color-scheme dark', () => {
    expect(luminance(dark.get('--bg')!)).toBeLessThan(0.05)
    expect(luminance(dark.get('--panel')!)).toBeLessThan(0.05)
    expect(luminance(dark.get('--text')!)).toBeGreaterThan(0.6)
    expect(darkMedia).toMatch(/color-scheme:\s*dark/)
    expect(luminance(light.get('--bg')!)).toBeGreaterThan(0.8)
  })

  for (const [name, palette] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it.each(PAIRS)(`${name}: %s on %s keeps %s:1`, (fg, bg, min) => {
      expect(contrast(palette.get(fg)!, palette.get(bg)!)).toBeGreaterThanOrEqual(min)
    })
  }
})
