import { describe, expect, it } from 'vitest'
import { csvField, csvFileName, parseCsv, toCsv, type CsvCell } from './csv'

describe('csvField', () => {
  const cases: [CsvCell, string][] = [
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [-3, '-3'], // a number of ours stays a number
    [92.5, '92.5'],
    [Number.NaN, ''],
    [true, 'true'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    // Formula injection: text that a spreadsheet would run gets a quote first.
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['a=b', 'a=b'],
    ['Zoë 😀', 'Zoë 😀'],
  ]
  for (const [v, want] of cases) {
    it(`${JSON.stringify(v)} → ${JSON.stringify(want)}`, () => expect(csvField(v)).toBe(want))
  }
})

describe('toCsv', () => {
  it('writes a header and rows with CRLF after each record', () => {
    expect(toCsv(['Handle', 'Open'], [['@a', 1], ['b,c', 2]])).toBe('Handle,Open\r\n@a,1\r\n"b,c",2\r\n'.replace('@a', "'@a"))
  })
  it('starts with a byte order mark only when asked', () => {
    expect(toCsv(['x'], [], { bom: true })).toBe('\uFEFFx\r\n')
    expect(toCsv(['x'], [])).toBe('x\r\n')
  })
  it('round-trips through parseCsv', () => {
    const rows: CsvCell[][] = [['a "q"', 'line\r\nbreak', ''], ['x,y', 7, null]]
    const back = parseCsv(toCsv(['h1', 'h2', 'h3'], rows, { bom: true }))
    expect(back).toEqual([['h1', 'h2', 'h3'], ['a "q"', 'line\r\nbreak', ''], ['x,y', '7', '']])
  })
})

describe('csvFileName', () => {
  it.each([
    [['report', 'per handle', '2026-11-01', '2026-11-30'], 'report-per-handle-2026-11-01-2026-11-30.csv'],
    [['../etc/passwd'], 'etc-passwd.csv'],
    [['Café Zoë'], 'Cafe-Zoe.csv'],
    [['///'], 'report.csv'],
  ])('%j → %s', (parts, want) => expect(csvFileName(...parts)).toBe(want))
})
