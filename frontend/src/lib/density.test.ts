import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { getDensity, setDensity, useDensity } from './density'

describe('density', () => {
  it('persists the choice and tells its users', () => {
    const { result } = renderHook(() => useDensity())
    act(() => setDensity('compact'))
    expect(result.current).toBe('compact')
    expect(localStorage.getItem('careinbox.density')).toBe('compact')
    act(() => setDensity('comfortable'))
    expect(result.current).toBe('comfortable')
    expect(getDensity()).toBe('comfortable')
    expect(localStorage.getItem('careinbox.density')).toBe('comfortable')
  })
})
