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

export interface InsightTermJson {
  term: string
  display: string
  conversations: number
  previous: number
  score: number
  query: string
}

export interface InsightTagJson {
  tag: string
  conversations: number
  previous: number
}

export interface InsightIssueJson {
  label: string
  terms: string[]
  conversations: number
  conversationIds: number[]
  query: string
}

export interface InsightCustomerJson {
  customerId: number
  name: string
  network: string
  conversations: number
}

export interface InsightsJson {
  terms: InsightTermJson[]
  phrases: InsightTermJson[]
  tags: InsightTagJson[]
  issues: InsightIssueJson[]
  customers: InsightCustomerJson[]
  privateIncluded: boolean
  messagesRead: number
  capped: boolean
}
