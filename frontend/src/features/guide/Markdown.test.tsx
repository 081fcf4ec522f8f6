import { fireEvent, render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as wails from '../../lib/wails'
import { Markdown } from './Markdown'

vi.mock('../../lib/wails', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/wails')>()
  return { ...orig, openLink: vi.fn(() => Promise.resolve()) }
})

function md(source: string) {
  return render(<Markdown source={source} />).container
}

describe('Markdown', () => {
  it('renders headings, lists, emphasis and code as elements', () => {
    const c = md('# Title\n\n## Part\n\n- one\n- **two**\n\n1. first\n2. *second*\n\n`code` and\n\n> quoted')
    expect(c.querySelector('h2')?.textContent).toBe('Title')
    expect(c.querySelector('h3')?.textContent).toBe('Part')
    expect(c.querySelectorAll('ul > li')).toHaveLength(2)
    expect(c.querySelector('ul strong')?.textContent).toBe('two')
    expect(c.querySelector('ol em')?.textContent).toBe('second')
    expect(c.querySelector('code')?.textContent).toBe('code')
    expect(c.querySelector('blockquote')?.textContent).toContain('quoted')
  })

  it('shows raw HTML as text and never builds it', () => {
    const c = md(
      '<script>window.pwned = 1</script>\n\nHi <img src=x onerror="window.pwned=2"> there\n\n<div onclick="alert(1)">block</div>\n\n<iframe src="https://evil.example"></iframe>',
    )
    expect(c.querySelector('script, img, iframe, div[onclick]')).toBeNull()
    expect(c.textContent).toContain('<script>window.pwned = 1</script>')
    expect(c.textContent).toContain('<img src=x onerror="window.pwned=2">')
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined()
    for (const el of c.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) expect(a.startsWith('on')).toBe(false)
    }
  })

  it('links only http(s), with rel=noopener, opened through the back end', () => {
    const c = md(
      '[ok](https://example.com/returns) [js](javascript:alert(1)) [data](data:text/html,<b>x</b>) [rel](/local) [ref][r] <https://auto.example/x> ![pic](https://tracker.example/p.png)\n\n[r]: javascript:alert(2)',
    )
    const links = [...c.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/returns', 'https://auto.example/x'])
    for (const a of links) expect(a.getAttribute('rel')).toContain('noopener')
    expect(c.textContent).toContain('js')
    expect(c.textContent).toContain('ref')
    expect(c.querySelector('img')).toBeNull()
    expect(c.textContent).toContain('[pic]')
    fireEvent.click(links[0])
    expect(wails.openLink).toHaveBeenCalledWith('https://example.com/returns')
  })

  it('resolves reference links to http(s) definitions', () => {
    const c = md('See [the policy][P].\n\n[p]: https://example.com/policy "Policy"')
    const a = c.querySelector('a')
    expect(a?.getAttribute('href')).toBe('https://example.com/policy')
    expect(a?.textContent).toBe('the policy')
  })
})
