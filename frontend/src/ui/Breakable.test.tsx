import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Breakable } from './Breakable'

describe('Breakable', () => {
  it('keeps the text and adds break points after @ and before dots', () => {
    const { container } = render(<Breakable text="customer.service@very-long-domain.example.com" />)
    expect(container.textContent).toBe('customer.service@very-long-domain.example.com')
    expect(container.querySelectorAll('wbr').length).toBe(6) // customer|.service@|very|-long|-domain|.example|.com
  })
  it('leaves short text alone', () => {
    const { container } = render(<Breakable text="a@b.co" />)
    expect(container.querySelectorAll('wbr').length).toBe(0)
  })
})

describe('Breakable as a stranger’s name', () => {
  it.each([
    ['a short name', 'Jonas'],
    ['a long address', 'customer.service@very-long-domain.example.com'],
  ])('isolates %s as bidirectional text', (_, text) => {
    const { container } = render(<Breakable text={text} />)
    const bdi = container.querySelector('bdi')
    expect(bdi?.getAttribute('dir')).toBe('auto')
    expect(bdi?.textContent).toBe(text)
    expect(container.querySelector('[data-testid="bidi-marker"]')).toBeNull()
  })
  it('marks a name holding a right-to-left override', () => {
    const { container } = render(<Breakable text={'evil\u202Egnp.exe@example.com'} />)
    expect(container.querySelector('bdi')?.textContent).toBe('evil\u202Egnp.exe@example.com')
    expect(container.querySelector('[data-testid="bidi-marker"]')).not.toBeNull()
  })
})
