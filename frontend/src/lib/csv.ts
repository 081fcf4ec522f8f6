// CSV for the Reports screen's "Download CSV" buttons, built in the front end
// from the rows a table shows. RFC 4180: fields separated by commas, records
// by CRLF; a field holding a comma, a quote, CR or LF is quoted and its
// quotes doubled. Customer text is untrusted, and a spreadsheet runs a cell
// that starts with = + - @ (or a tab or CR, which some read past) as a
// formula, so such text cells get a leading single quote (OWASP's advice).
// Numbers are ours and are written as they are, so -3 stays a number.

export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One field, guarded against formula injection and quoted when it must be. */
export function csvField(v: CsvCell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  let s = v
  if (FORMULA_START.test(s)) s = `'${s}`
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export interface CsvOptions {
  /** Starts the text with a UTF-8 byte order mark, which Excel needs to read UTF-8. */
  bom?: boolean
}

/** A header record and the rows, CRLF after every record (the last included). */
export function toCsv(header: string[], rows: CsvCell[][], opts: CsvOptions = {}): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n')
  return (opts.bom ? '\uFEFF' : '') + lines.join('')
}

/** Parses CSV written by toCsv (and any RFC 4180 text): records of fields, unquoted. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text
  const out: string[][] = []
  let rec: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      rec.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++
      rec.push(field)
      out.push(rec)
      rec = []
      field = ''
    } else field += c
  }
  if (field !== '' || rec.length > 0) {
    rec.push(field)
    out.push(rec)
  }
  return out
}

/** A file name for a download: the parts joined by dashes, only safe characters. */
export function csvFileName(...parts: string[]): string {
  const base = parts
    .map((p) => p.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, ''))
    .filter(Boolean)
    .join('-')
  return `${base || 'report'}.csv`
}
