// TEMPORARY (issue 11): bindings and DTOs other helpers are adding to app/
// right now. Until they are generated into wailsjs/, the wrappers reach the
// bound methods the way the generated code does (window.go.app.X.Y) and the
// screen reads these hand-written types (not named …DTO, which the
// boundary test keeps for generated ones), which match the JSON. Deleted once
// `scripts/check-bindings.sh` has generated the real ones on main.
interface GoWindow {
  go?: { app?: Record<string, Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined> | undefined> }
}

/** The bound method api.method, or undefined when this back end has none. */
export function boundMethod(api: string, method: string): ((...args: unknown[]) => Promise<unknown>) | undefined {
  if (typeof window === 'undefined') return undefined
  return (window as unknown as GoWindow).go?.app?.[api]?.[method]
}

export interface ExportFileJson {
  fileName: string
  mime: string
  base64: string
}
