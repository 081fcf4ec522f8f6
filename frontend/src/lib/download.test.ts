import { afterEach, describe, expect, it, vi } from 'vitest'
import * as reports from './wails/reports'
import { base64ToBytes, isNativeWebView, saveCsv, saveFile, textToBase64 } from './download'

vi.mock('./wails/reports', () => ({ saveExport: vi.fn() }))

afterEach(() => vi.restoreAllMocks())

describe('isNativeWebView', () => {
  it.each([
    [{ webkit: { messageHandlers: { external: {} } } }, true], // WebKitGTK
    [{ chrome: { webview: {} } }, true], // WebView2
    [{ chrome: {} }, false], // Chromium
    [{ webkit: { messageHandlers: {} } }, false],
    [{}, false],
    [undefined, false],
  ])('%j → %s', (w, want) => expect(isNativeWebView(w)).toBe(want))
})

describe('base64', () => {
  it('round-trips UTF-8 text', () => {
    const s = '\uFEFFZoë,😀\r\n'
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(base64ToBytes(textToBase64(s)))).toBe(s)
    expect(textToBase64('a')).toBe('YQ==')
  })
})

describe('saveFile', () => {
  const f = { fileName: 'r.csv', mime: 'text/csv', base64: textToBase64('a,b\r\n') }

  it('asks the desktop app to save in its WebView', async () => {
    vi.mocked(reports.saveExport).mockResolvedValue('/home/me/r.csv')
    const native = { webkit: { messageHandlers: { external: {} } } }
    expect(await saveFile(f, native)).toBe('Saved /home/me/r.csv.')
    expect(reports.saveExport).toHaveBeenCalledWith('r.csv', f.base64)
    vi.mocked(reports.saveExport).mockResolvedValue(null)
    expect(await saveFile(f, native)).toBe('Not saved.')
  })

  it('downloads a Blob through <a download> in a browser', async () => {
    vi.mocked(reports.saveExport).mockClear()
    let blob: Blob | undefined
    URL.createObjectURL = vi.fn((b: Blob) => ((blob = b), 'blob:x'))
    URL.revokeObjectURL = vi.fn()
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    expect(await saveCsv('per-handle.csv', 'h\r\n1\r\n')).toBe('Downloaded per-handle.csv.')
    expect(reports.saveExport).not.toHaveBeenCalled()
    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toBe('per-handle.csv')
    expect(clicked[0].getAttribute('href')).toBe('blob:x')
    expect(clicked[0].isConnected).toBe(false) // removed again
    expect(blob?.type).toBe('text/csv;charset=utf-8')
    const text = await new Promise<string>((resolve) => {
      const fr = new FileReader()
      fr.onload = () => resolve(String(fr.result))
      fr.readAsText(blob!)
    })
    expect(text).toBe('h\r\n1\r\n')
  })
})
