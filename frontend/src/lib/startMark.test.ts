import { afterEach, describe, expect, it, vi } from 'vitest'
import { FIRST_ROWS_MARK, markFirstRows, phaseMarker, whenPainted, type StartPhases } from './startMark'
import { emitFirstRows, logLine } from './wails'

vi.mock('./wails', () => ({ logLine: vi.fn(), emitFirstRows: vi.fn() }))

describe('whenPainted', () => {
  afterEach(() => {
    document.body.replaceChildren()
  })

  it('waits for the element, then for two frames, and reports once', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb)
      return frames.length
    })
    const done = vi.fn()
    whenPainted(document.body, '[data-testid="row"]', done)
    document.body.appendChild(document.createElement('p'))
    await Promise.resolve() // MutationObserver callbacks are microtasks
    expect(frames).toHaveLength(0)

    const row = document.createElement('div')
    row.dataset.testid = 'row'
    document.body.appendChild(row)
    document.body.appendChild(row.cloneNode())
    await Promise.resolve()
    expect(frames).toHaveLength(1)
    frames.shift()!(0)
    expect(done).not.toHaveBeenCalled()
    frames.shift()!(0)
    expect(done).toHaveBeenCalledTimes(1)
    expect(frames).toHaveLength(0)
  })

  it('reports nothing once stopped', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb)
      return frames.length
    })
    const done = vi.fn()
    const stop = whenPainted(document.body, '.row', done)
    stop()
    const row = document.createElement('div')
    row.className = 'row'
    document.body.appendChild(row)
    await Promise.resolve()
    frames.forEach((f) => f(0))
    expect(done).not.toHaveBeenCalled()
  })
})

describe('markFirstRows', () => {
  afterEach(() => {
    document.body.replaceChildren()
    vi.restoreAllMocks()
  })

  it('prints the phases in the order they came, then tells the back end', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb)
      return frames.length
    })
    let t = 10
    vi.spyOn(performance, 'now').mockImplementation(() => t)
    const phases: StartPhases = []
    markFirstRows(document.body, phases)
    const mark = phaseMarker(phases)
    t = 40
    mark('sidebar')
    t = 30 // answers can be recorded late: the line sorts them
    mark('info')
    t = 50
    mark('first page')
    t = 60
    const row = document.createElement('div')
    row.dataset.testid = 'conversation-row'
    document.body.appendChild(row)
    await Promise.resolve()
    t = 75
    frames.shift()!(0)
    frames.shift()!(0)
    expect(logLine).toHaveBeenCalledWith(
      `${FIRST_ROWS_MARK} 75 ms after navigation (script ran at 10 ms, info at 30 ms, sidebar at 40 ms, first page at 50 ms, first row in the DOM at 60 ms)`,
    )
    expect(emitFirstRows).toHaveBeenCalledTimes(1)
  })
})
