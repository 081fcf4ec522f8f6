import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenPainted } from './startMark'

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
