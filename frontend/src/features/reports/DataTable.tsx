import { useState, type ReactNode } from 'react'
import { toCsv } from '../../lib/csv'
import { saveCsv } from '../../lib/download'
import { errorMessage } from '../../lib/wails'
import type { TableSpec } from './charts'

/** A "Download CSV" button for a table's rows and the line that says how it went. */
export function CsvButton({ spec, fileName, testId }: { spec: TableSpec; fileName: string; testId: string }) {
  const [status, setStatus] = useState('')
  return (
    <span className="report-csv">
      <button
        type="button"
        data-testid={`${testId}-csv`}
        disabled={spec.rows.length === 0}
        aria-label={`Download CSV: ${spec.caption}`}
        onClick={() => {
          const csv = toCsv(
            spec.columns,
            spec.rows.map((r) => r.csv),
            { bom: true },
          )
          saveCsv(fileName, csv).then(setStatus, (e: unknown) => setStatus(errorMessage(e)))
        }}
      >
        Download CSV
      </button>
      <span className="report-csv-status" role="status">
        {status}
      </span>
    </span>
  )
}

interface Props {
  spec: TableSpec
  testId: string
  fileName: string
  /** Kept for screen readers but not shown (a chart's table until "Table" is pressed). */
  hidden?: boolean
  /** A row's first cell as something else than text (a button that opens a conversation). */
  firstCell?: (rowIndex: number) => ReactNode
  empty?: string
  csv?: boolean
}

/** A plain table of a TableSpec with its "Download CSV" button. Cells are text only. */
export function DataTable({ spec, testId, fileName, hidden, firstCell, empty, csv = true }: Props) {
  return (
    <div className={hidden ? 'sr-only' : 'report-table-wrap'}>
      <table className="report-table" data-testid={testId}>
        <caption>
          {spec.caption}
          {csv && !hidden && <CsvButton spec={spec} fileName={fileName} testId={testId} />}
        </caption>
        <thead>
          <tr>
            {spec.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.rows.map((r, ri) => (
            <tr key={r.key} data-testid={`${testId}-row`}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {firstCell ? firstCell(ri) : <bdi>{c}</bdi>}
                  </th>
                ) : (
                  <td key={i}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {spec.rows.length === 0 && empty && <div className="reports-empty">{empty}</div>}
    </div>
  )
}
