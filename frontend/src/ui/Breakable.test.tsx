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
