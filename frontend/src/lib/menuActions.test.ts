import { describe, expect, it, vi } from 'vitest'
import { MENU_ROUTES, routeMenuAction, type MenuTargets } from './menuActions'

function targets(): MenuTargets {
  return {
    settings: vi.fn(),
    data: vi.fn(),
    guide: vi.fn(),
    shortcuts: vi.fn(),
    about: vi.fn(),
    toggleDensity: vi.fn(),
    diagnostics: vi.fn(),
    edit: vi.fn(),
  }
}

describe('menu actions', () => {
  it.each([
    ['settings', 'settings'],
    ['export', 'data'],
    ['backup', 'data'],
    ['guide', 'guide'],
    ['shortcuts', 'shortcuts'],
    ['about', 'about'],
    ['density', 'toggleDensity'],
    ['diagnostics', 'diagnostics'],
  ] as const)('routes %s to its screen', (action, target) => {
    const t = targets()
    expect(routeMenuAction(action, t)).toBeNull()
    expect(t[target]).toHaveBeenCalledTimes(1)
  })

  it('runs the Edit menu on the focused field', () => {
    const t = targets()
    expect(routeMenuAction('edit:select-all', t)).toBeNull()
    expect(t.edit).toHaveBeenCalledWith('selectAll')
  })

  it.each([
    ['import', /Import archive/],
    ['dark-mode', /follows the system/],
  ] as const)('says where %s is (or that it is not there yet), and runs nothing', (action, note) => {
    const t = targets()
    expect(routeMenuAction(action, t)).toMatch(note)
    for (const fn of Object.values(t)) expect(fn).not.toHaveBeenCalled()
  })

  it('names an unknown action instead of failing', () => {
    expect(routeMenuAction('toString', targets())).toMatch(/Unknown menu action/)
    expect(routeMenuAction('nope', targets())).toMatch(/Unknown menu action/)
  })

  it('has a route for every action', () => {
    expect(Object.keys(MENU_ROUTES).length).toBe(16)
  })
})
