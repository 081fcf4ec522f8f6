import { describe, expect, it } from 'vitest'
import { linkify, safeHttpUrl, trimUrl } from './linkify'

const links = (s: string) => linkify(s).filter((p) => p.kind === 'link')
const joined = (s: string) => linkify(s).map((p) => p.text).join('')

describe('linkify', () => {
  it('links http and https URLs', () => {
    expect(linkify('see https://example.com/a?b=1#c now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' now' },
    ])
    expect(links('http://example.org')).toHaveLength(1)
    expect(links('HTTPS://EXAMPLE.COM/x')[0]).toMatchObject({ href: 'https://example.com/x' })
  })

  it('never links javascript:, data:, file: or other schemes', () => {
    for (const s of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://example.com',
      'mailto:a@example.com',
      'vbscript:msgbox(1)',
    ]) {
      expect(links(s)).toEqual([])
      expect(joined(s)).toBe(s)
    }
  })

  it('does not treat a scheme glued to a word as a link', () => {
    expect(links('xhttp://example.com')).toEqual([])
    expect(links('javascript:http://example.com')).toHaveLength(1) // the http URL itself is harmless
    expect(links('javascript:http://example.com')[0]).toMatchObject({ href: 'http://example.com/' })
  })

  it('keeps HTML markup as literal text', () => {
    const s = '<img src=x onerror=alert(1)>'
    expect(linkify(s)).toEqual([{ kind: 'text', text: s }])
    const t = '<a href="javascript:alert(1)">click</a>'
    expect(linkify(t)).toEqual([{ kind: 'text', text: t }])
  })

  it('stops a URL at markup and quotes', () => {
    expect(links('<a href="https://evil.example/x">x</a>')[0]).toMatchObject({ text: 'https://evil.example/x' })
    expect(links('https://example.com/<img src=x onerror=alert(1)>')[0]).toMatchObject({ text: 'https://example.com/' })
  })

  it('leaves trailing punctuation out of the link', () => {
    expect(links('Go to https://example.com.')[0].text).toBe('https://example.com')
    expect(links('(see https://example.com/page)')[0].text).toBe('https://example.com/page')
    expect(links('https://example.com/a, https://example.com/b!')).toMatchObject([
      { text: 'https://example.com/a' },
      { text: 'https://example.com/b' },
    ])
    expect(links('Really? https://example.com/?q=1?')[0].text).toBe('https://example.com/?q=1')
    expect(joined('Go to https://example.com.')).toBe('Go to https://example.com.')
  })

  it('keeps balanced parentheses inside a URL', () => {
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)')[0].text).toBe('https://en.wikipedia.org/wiki/Foo_(bar)')
    expect(links('(https://en.wikipedia.org/wiki/Foo_(bar))')[0].text).toBe('https://en.wikipedia.org/wiki/Foo_(bar)')
  })

  it('ignores a bare scheme and URLs without a host', () => {
    expect(links('http://')).toEqual([])
    expect(links('http:// example.com')).toEqual([])
    expect(links('https:///path')).toEqual([])
  })

  it('preserves all text exactly, including newlines', () => {
    const s = 'Hi,\n\nmy order https://shop.example/o/1 is late.\nThanks'
    expect(joined(s)).toBe(s)
  })

  it('handles empty text', () => {
    expect(linkify('')).toEqual([])
  })
})

describe('trimUrl and safeHttpUrl', () => {
  it('trims punctuation and unbalanced brackets', () => {
    expect(trimUrl('https://a.example/x).')).toBe('https://a.example/x')
    expect(trimUrl('https://a.example/x(1)')).toBe('https://a.example/x(1)')
  })

  it('accepts only http(s) with a host', () => {
    expect(safeHttpUrl('https://a.example')).toBe('https://a.example/')
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull()
    expect(safeHttpUrl('data:text/html,hi')).toBeNull()
    expect(safeHttpUrl('file:///etc/passwd')).toBeNull()
    expect(safeHttpUrl('not a url')).toBeNull()
  })
})
