// Saving a file the Reports screen made (a CSV, a client report). In the
// desktop app the WebView has no downloads, so the Go side asks where to save
// it (ReportsAPI.SaveExport); in a plain browser (`wails dev`, the e2e) a Blob
// and an <a download> do.
import type { ExportFileDTO } from './wails'
import { saveExport } from './wails/reports'

interface NativeWindow {
  webkit?: { messageHandlers?: { external?: unknown } }
  chrome?: { webview?: unknown }
}

/** True inside the desktop app's WebView (WebKitGTK or WebView2), false in a browser. */
export function isNativeWebView(w: unknown = typeof window === 'undefined' ? undefined : window): boolean {
  const n = w as NativeWindow | undefined
  return !!(n?.webkit?.messageHandlers?.external || n?.chrome?.webview)
}

/** UTF-8 text as base64 (btoa only takes Latin-1). */
export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text))
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/**
 * Saves a file: through the Go binding in the desktop app, else as a browser
 * download. Resolves with what happened, in words for a status line.
 */
export async function saveFile(f: ExportFileDTO, w: unknown = typeof window === 'undefined' ? undefined : window): Promise<string> {
  if (isNativeWebView(w)) {
    const where = await saveExport(f.fileName, f.base64)
    return where === null ? 'Not saved.' : `Saved ${where}.`
  }
  const url = URL.createObjectURL(new Blob([base64ToBytes(f.base64)], { type: f.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = f.fileName
  a.rel = 'noopener'
  a.hidden = true
  document.body.append(a)
  try {
    a.click()
  } finally {
    a.remove()
    // The download has its own copy once started; a later revoke is enough.
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  }
  return `Downloaded ${f.fileName}.`
}

/** Saves CSV text (with a byte order mark, for spreadsheets) under fileName. */
export function saveCsv(fileName: string, csv: string): Promise<string> {
  return saveFile({ fileName, mime: 'text/csv;charset=utf-8', base64: textToBase64(csv) })
}
