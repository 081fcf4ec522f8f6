import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ProblemScreen } from './ProblemScreen'

describe('ProblemScreen', () => {
  it('says what happened and what to do, with the technical text tucked away, all as text', () => {
    render(
      <ProblemScreen
        problem={{
          title: 'Your Care Inbox database is damaged',
          detail: 'The database in /home/sam/.local/share/careinbox cannot be read. Nothing was changed.',
          error: 'migrate: file is not a database (26) <img src=x onerror=alert(1)>',
        }}
      />,
    )
    const box = screen.getByTestId('startup-problem')
    expect(box.getAttribute('role')).toBe('alert')
    expect(screen.getByRole('heading').textContent).toBe('Your Care Inbox database is damaged')
    expect(box.textContent).toContain('Nothing was changed')
    expect(box.querySelector('img')).toBeNull()
    expect(box.querySelector('details pre')?.textContent).toContain('<img src=x')
  })
})
