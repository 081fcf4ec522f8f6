import { render, waitFor } from '@testing-library/react'
import { useRef, useState } from 'react'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import { syncActiveDescendant, useActiveDescendant } from './activeDescendant'

describe('syncActiveDescendant', () => {
  it('points at a drawn option and never at a missing one', () => {
    document.body.replaceChildren()
    const list = document.createElement('div')
    const option = Object.assign(document.createElement('div'), { id: 'opt-1' })
    list.append(option)
    document.body.append(list)
    syncActiveDescendant(list, 'opt-1')
    expect(list.getAttribute('aria-activedescendant')).toBe('opt-1')
    syncActiveDescendant(list, 'opt-2')
    expect(list.hasAttribute('aria-activedescendant')).toBe(false)
    syncActiveDescendant(list, 'opt-1')
    option.remove()
    syncActiveDescendant(list, 'opt-1')
    expect(list.hasAttribute('aria-activedescendant')).toBe(false)
    syncActiveDescendant(list, null)
    expect(list.hasAttribute('aria-activedescendant')).toBe(false)
  })
})

function List({ rows, active }: { rows: number[]; active: number }) {
  const box = useRef<HTMLDivElement>(null)
  useActiveDescendant(box, `row-${active}`, [])
  return (
    <div ref={box}>
      <div role="listbox" data-testid="list">
        {rows.map((r) => (
          <div key={r} id={`row-${r}`} role="option" aria-selected={r === active} />
        ))}
      </div>
    </div>
  )
}

function Harness() {
  const [rows, setRows] = useState([1, 2, 3])
  ;(globalThis as { setRows?: (r: number[]) => void }).setRows = setRows
  return <List rows={rows} active={2} />
}

describe('useActiveDescendant', () => {
  it('drops the attribute when the active row leaves the list (resolved) and brings it back when it returns (Undo)', async () => {
    const { getByTestId } = render(<Harness />)
    const list = getByTestId('list')
    await waitFor(() => expect(list.getAttribute('aria-activedescendant')).toBe('row-2'))
    const setRows = (globalThis as { setRows?: (r: number[]) => void }).setRows!
    act(() => setRows([1, 3]))
    await waitFor(() => expect(list.hasAttribute('aria-activedescendant')).toBe(false))
    act(() => setRows([1, 2, 3]))
    await waitFor(() => expect(list.getAttribute('aria-activedescendant')).toBe('row-2'))
  })
})
