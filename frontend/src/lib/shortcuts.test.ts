import { describe, expect, it } from 'vitest'
import { actionFor, displayKey, isTyping, matches, SHORTCUTS, type KeyLike } from './shortcuts'

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('matches', () => {
  it('plain keys, case and Shift', () => {
    expect(matches(key('j'), 'j')).toBe(true)
    expect(matches(key('J', { shiftKey: true }), 'j')).toBe(false)
    expect(matches(key('X', { shiftKey: true }), 'shift+x')).toBe(true)
    expect(matches(key('j', { ctrlKey: true }), 'j')).toBe(false)
  })
  it('symbols carry Shift in the key', () => {
    expect(matches(key('?', { shiftKey: true }), '?')).toBe(true)
    expect(matches(key('/'), '/')).toBe(true)
  })
  it('mod is Ctrl on Linux/Windows and ⌘ on a Mac', () => {
    expect(matches(key('k', { ctrlKey: true }), 'mod+k', false)).toBe(true)
    expect(matches(key('k', { metaKey: true }), 'mod+k', false)).toBe(false)
    expect(matches(key('k', { metaKey: true }), 'mod+k', true)).toBe(true)
  })
})

describe('actionFor', () => {
  const input = document.createElement('input')
  const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' })
  const area = document.createElement('textarea')
  it('maps keys to actions', () => {
    expect(actionFor({ ...key('e'), target: document.body }, SHORTCUTS, false)).toBe('resolve')
    expect(actionFor({ ...key('ArrowDown'), target: document.body }, SHORTCUTS, false)).toBe('next')
    expect(actionFor({ ...key('3'), target: document.body }, SHORTCUTS, false)).toBe('client3')
    expect(actionFor({ ...key('q'), target: document.body }, SHORTCUTS, false)).toBe(null)
  })
  it('ignores single keys while typing, but not the palette', () => {
    expect(actionFor({ ...key('e'), target: input }, SHORTCUTS, false)).toBe(null)
    expect(actionFor({ ...key('?', { shiftKey: true }), target: area }, SHORTCUTS, false)).toBe(null)
    expect(actionFor({ ...key('k', { ctrlKey: true }), target: area }, SHORTCUTS, false)).toBe('palette')
    expect(actionFor({ ...key('x'), target: checkbox }, SHORTCUTS, false)).toBe('select')
  })
  it('every action has a unique key in its scope', () => {
    const seen = new Set<string>()
    for (const s of SHORTCUTS) {
      for (const k of s.keys) {
        const id = `${s.scope === 'list' ? 'list' : 'x'}:${k}`
        expect(seen.has(id), `${k} is bound twice`).toBe(false)
        seen.add(id)
      }
    }
  })
})

describe('isTyping and displayKey', () => {
  it('knows text fields', () => {
    expect(isTyping(document.createElement('textarea'))).toBe(true)
    expect(isTyping(document.createElement('button'))).toBe(false)
    expect(isTyping(null)).toBe(false)
  })
  it('shows keys', () => {
    expect(displayKey('mod+k', false)).toBe('Ctrl+K')
    expect(displayKey('mod+k', true)).toBe('⌘K')
    expect(displayKey('ArrowDown', false)).toBe('↓')
  })
})
