import { useState } from 'react'
import type { ReportHourDTO } from '../../lib/wails'
import { CsvButton, DataTable } from './DataTable'
import { heatTable } from './tables'

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** A cell's shade, 0 (none) to 4 (the busiest hour). */
export function level(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0
  return Math.max(1, Math.ceil((n / max) * 4))
}

/**
 * Inbound messages by hour of the week as a plain table (a screen reader reads
 * each cell's count and whether the hour is staffed); the shade is decoration.
 */
export function HeatMap({ hours, zone, fileName }: { hours: ReportHourDTO[]; zone: string; fileName: string }) {
  const [asList, setAsList] = useState(false)
  const list = heatTable(hours, zone)
  const grid = DAYS.map(() => new Array<ReportHourDTO | undefined>(24).fill(undefined))
  for (const h of hours) if (h.weekday >= 0 && h.weekday < 7 && h.hour >= 0 && h.hour < 24) grid[h.weekday][h.hour] = h
  const max = hours.reduce((m, h) => Math.max(m, h.messagesIn), 0)
  return (
    <div className="heatmap-wrap">
      <div className="report-chart-head">
        <button type="button" aria-pressed={asList} onClick={() => setAsList((x) => !x)} data-testid="report-heatmap-table-toggle">
          Table
        </button>
        <CsvButton spec={list} fileName={fileName} testId="report-heatmap" />
      </div>
      {asList && <DataTable spec={list} testId="report-heatmap-list" fileName={fileName} csv={false} />}
      <table className="heatmap" data-testid="report-heatmap">
        <caption>
          Messages in per hour ({zone}); outlined hours are staffed. <span className="heatmap-key heatmap-staffed">staffed</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Day</span>
            </th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col" className="heatmap-hour">
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((row, d) => (
            <tr key={d}>
              <th scope="row" className="heatmap-day">
                <abbr title={DAYS[d]}>{DAYS[d].slice(0, 3)}</abbr>
              </th>
              {row.map((h, hour) => {
                const n = h?.messagesIn ?? 0
                const staffed = !!h?.staffed
                return (
                  <td
                    key={hour}
                    className={`heatmap-cell heatmap-l${level(n, max)}${staffed ? ' heatmap-staffed' : ''}`}
                    data-staffed={staffed}
                    title={`${DAYS[d]} ${String(hour).padStart(2, '0')}:00 — ${n} ${n === 1 ? 'message' : 'messages'}${staffed ? ', staffed' : ''}`}
                  >
                    {n > 0 ? n : ''}
                    <span className="sr-only">
                      {n === 0 ? 'no messages' : ''}
                      {staffed ? ', staffed' : ', not staffed'}
                    </span>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
