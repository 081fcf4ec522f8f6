// Draws a ChartSpec with uPlot on a canvas, in the colours theme.ts read.
// uPlot's live legend is the tooltip: it shows the value of each series at
// the cursor. Chart.tsx imports this module lazily, so uPlot (which reads
// matchMedia as it loads) is only fetched where a chart is drawn.
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatY, type ChartSpec } from './charts'
import type { Theme } from './theme'

export interface Drawn {
  setWidth(w: number): void
  destroy(): void
}

const HEIGHT = 220

export function drawChart(el: HTMLElement, spec: ChartSpec, theme: Theme, width: number): Drawn {
  const n = spec.x.length
  const labels = spec.xLabels
  const bars = spec.kind === 'bars'
  const two = spec.series.length > 1
  const fmt = (v: number | null) => formatY(v, spec.yUnit)
  const xAxis: uPlot.Axis = { stroke: theme.axis, grid: { show: false }, ticks: { stroke: theme.grid } }
  if (labels) {
    const every = n > 12 ? 3 : 1
    xAxis.splits = () => spec.x
    xAxis.values = (_u, splits) => splits.map((i) => (Number.isInteger(i) && i % every === 0 ? (labels[i] ?? '') : ''))
  }
  const opts: uPlot.Options = {
    width,
    height: HEIGHT,
    tzDate: spec.zone ? (ts) => safeTzDate(ts, spec.zone!) : undefined,
    scales: {
      x: labels ? { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] } : { time: true },
      y: { range: (_u, _min, max) => [0, spec.yUnit === 'pct' ? 100 : Math.max(1, max * 1.1)] },
    },
    axes: [
      xAxis,
      {
        stroke: theme.axis,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid },
        size: 64,
        values: (_u, vals) => vals.map((v) => fmt(v)),
      },
    ],
    series: [
      {
        label: spec.xTitle,
        value: labels ? (_u, v) => (v === null ? '—' : (labels[v] ?? '')) : undefined,
      },
      ...spec.series.map(
        (s, i): uPlot.Series => ({
          label: s.label,
          stroke: theme.series[s.color - 1],
          fill: bars ? theme.series[s.color - 1] : undefined,
          width: bars ? 0 : 2,
          points: { show: !bars && n <= 62 },
          paths: bars ? uPlot.paths.bars!({ size: [two ? 0.4 : 0.6, 48], align: two ? (i === 0 ? -1 : 1) : 0 }) : undefined,
          value: (_u, v) => fmt(v),
        }),
      ),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  }
  const data = [spec.x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData
  const u = new uPlot(opts, data, el)
  return {
    setWidth: (w) => u.setSize({ width: w, height: HEIGHT }),
    destroy: () => u.destroy(),
  }
}

function safeTzDate(ts: number, zone: string): Date {
  try {
    return uPlot.tzDate(new Date(ts * 1000), zone)
  } catch {
    return new Date(ts * 1000)
  }
}
