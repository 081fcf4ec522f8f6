import { useEffect, useRef, useState } from 'react'
import { csvFileName } from '../../lib/csv'
import { hasData, type ChartSpec } from './charts'
import { CsvButton, DataTable } from './DataTable'
import type { Drawn } from './plot'
import { canDraw, readTheme, useThemeVersion } from './theme'

/**
 * One chart with the same numbers as a table: the table is always there for
 * screen readers (visually hidden) and shown with "Table"; the canvas is
 * decoration to them (aria-hidden), described by the caption.
 */
export function Chart({ spec, period }: { spec: ChartSpec; period: string }) {
  const host = useRef<HTMLDivElement>(null)
  const [asTable, setAsTable] = useState(false)
  const theme = useThemeVersion()
  const [colours, setColours] = useState('')
  const empty = !hasData(spec)
  const draw = !asTable && !empty && canDraw()

  useEffect(() => {
    const el = host.current
    if (!draw || !el) return
    const t = readTheme(el)
    setColours(t.series.join(' '))
    let chart: Drawn | null = null
    let ro: ResizeObserver | null = null
    let gone = false
    void import('./plot').then(({ drawChart }) => {
      if (gone) return
      chart = drawChart(el, spec, t, Math.max(240, el.clientWidth))
      const c = chart
      ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => c.setWidth(Math.max(240, el.clientWidth))) : null
      ro?.observe(el)
      el.dataset.ready = 'true'
    }, () => {
      // uPlot did not load: the table says the same, so show it.
      if (!gone) setAsTable(true)
    })
    return () => {
      gone = true
      ro?.disconnect()
      chart?.destroy()
      delete el.dataset.ready
    }
  }, [spec, draw, theme])

  const testId = `report-chart-${spec.id}`
  return (
    <figure className="report-chart" data-testid={testId} data-drawn={draw} aria-labelledby={`${testId}-title`}>
      <figcaption className="report-chart-head">
        <span id={`${testId}-title`} className="report-chart-title">
          {spec.title}
        </span>
        <span className="reports-spacer" />
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable((x) => !x)} data-testid={`${testId}-table-toggle`} disabled={empty}>
          Table
        </button>
        <CsvButton spec={spec.table} fileName={csvFileName('report', spec.id, period)} testId={testId} />
      </figcaption>
      {empty ? (
        <div className="reports-empty" data-testid={`${testId}-empty`}>
          Nothing to show for this period.
        </div>
      ) : (
        !asTable && <div ref={host} className="report-chart-plot" aria-hidden="true" data-series-colors={colours} />
      )}
      <DataTable spec={spec.table} testId={`${testId}-table`} fileName={csvFileName('report', spec.id, period)} hidden={!asTable} csv={false} />
    </figure>
  )
}
