import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Name } from './Name'

describe('Name', () => {
  it('isolates a name as bidirectional text', () => {
    const { container } = render(
      <p>
        <Name text="Zoë" /> @zoe
      </p>,
    )
    const bdi = container.querySelector('bdi')
    expect(bdi?.textContent).toBe('Zoë')
    expect(bdi?.getAttribute('dir')).toBe('auto')
    expect(screen.queryByTestId('bidi-marker')).toBeNull()
  })

  it.each([
    ['right-to-left override', 'Mallory\u202Emoc.evil'],
    ['right-to-left isolate', '\u2067علي\u2069'],
  ])('marks a name holding a %s, and keeps the text literal', (_, text) => {
    const { container } = render(<Name text={text} />)
    expect(container.querySelector('bdi')?.textContent).toBe(text)
    const marker = screen.getByTestId('bidi-marker')
    expect(marker.getAttribute('aria-label')).toMatch(/direction/)
    // The marker stands outside the isolated name, so it is not reordered with it.
    expect(marker.closest('bdi')).toBeNull()
  })
})
