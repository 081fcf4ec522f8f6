/**
 * A search's volume per hour (oldest first) as a small line, drawn by hand:
 * no chart library for 24 points. The numbers are in the title and the
 * accessible name, so the picture is never the only way to read them.
 */
export function Sparkline({ values, width = 96, height = 24 }: { values: number[]; width?: number; height?: number }) {
  const total = values.reduce((a, b) => a + b, 0)
  const label = `${total} in the last ${values.length} hours`
  if (values.length < 2) return <span className="listen-spark-empty">{label}</span>
  const top = Math.max(1, ...values)
  const step = width / (values.length - 1)
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / top) * (height - 4)).toFixed(1)}`).join(' ')
  return (
    <svg className="listen-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="listen-sparkline">
      <title>{label}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  )
}
