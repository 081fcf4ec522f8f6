import { describe, expect, it } from 'vitest'
import { backlogChart, byHourChart, distributionChart, formatY, hasData, targetsChart } from './charts'
import { figures, fullReport } from './fixtures'
import { breachTable, groupTable, heatTable, volumeTable } from './tables'

describe('charts', () => {
  const r = fullReport()
  it('first response distribution: a bar pair and a table row per bucket', () => {
    const c = distributionChart(r.current)
    expect(c.xLabels).toEqual(['15 min', '1 h', '4 h', 'later'])
    expect(c.series.map((s) => s.values)).toEqual([
      [10, 12, 9, 7],
      [14, 15, 6, 3],
    ])
    expect(c.table.columns).toEqual(['Answered within', 'Wall-clock', 'Business time'])
    expect(c.table.rows.map((x) => x.csv)).toEqual([
      ['15 min', 10, 14],
      ['1 h', 12, 15],
      ['4 h', 9, 6],
      ['later', 7, 3],
    ])
  })
  it('by hour: 24 hours, no median where nothing was answered', () => {
    const c = byHourChart(r.current, 'Europe/Paris')
    expect(c.x).toHaveLength(24)
    expect(c.series[0].values[3]).toBeNull()
    expect(c.series[0].values[9]).toBe(30) // minutes
    expect(c.table.rows[9].cells).toEqual(['09:00', '4', '30 min', '20 min'])
    expect(c.table.rows[3].csv).toEqual(['03:00', 0, null, null])
  })
  it('backlog: a point per step in Unix seconds', () => {
    const c = backlogChart(r)
    expect(c.x[1] - c.x[0]).toBe(86400)
    expect(c.series[0].values).toEqual([10, 11, 12, 13, 14])
    expect(c.table.rows).toHaveLength(5)
    expect(c.table.rows[0].csv).toEqual(['2026-11-10T09:00:00.000Z', 10])
  })
  it('targets kept: promise beside internal, nothing measured is no bar', () => {
    const c = targetsChart(r.current)
    expect(c.xLabels).toEqual(['First response', 'Next response'])
    expect(c.series[0].values).toEqual([92.5, null])
    expect(c.series[1].values).toEqual([75, null])
    expect(c.table.rows[0].cells.slice(0, 2)).toEqual(['First response', '92.5 %'])
  })
  it('an empty period has nothing to draw; a missing field is an empty chart', () => {
    expect(hasData(distributionChart(figures({ firstResponseDistribution: [] })))).toBe(false)
    expect(hasData(distributionChart(figures({ firstResponseDistribution: [{ label: '1 h', upToSec: 3600, wall: 0, business: 0 }] })))).toBe(false)
    expect(hasData(distributionChart(r.current))).toBe(true)
    expect(hasData(backlogChart({ ...r, backlog: [] }))).toBe(false)
    expect(hasData(backlogChart({ ...r, backlog: [{ at: 0, open: 0 }] }))).toBe(true)
  })
  it('formats y values', () => {
    expect(formatY(null, 'count')).toBe('—')
    expect(formatY(1234, 'count')).toBe((1234).toLocaleString())
    expect(formatY(90, 'minutes')).toBe('1 h 30 min')
    expect(formatY(92.5, 'pct')).toBe('92.5 %')
  })
})

describe('tables', () => {
  const r = fullReport()
  it('per handle: a row per handle, medians in seconds in the CSV', () => {
    const t = groupTable(r.current.perHandle ?? [], 'Handle')
    expect(t.columns[0]).toBe('Handle')
    expect(t.rows).toHaveLength(2)
    expect(t.rows[0].csv).toEqual(['=cmd|"/c calc"!A1', 30, 60, 28, 20, 8, 3000, 1500, 90, 3])
    expect(t.rows[1].cells[8]).toBe('100 %')
  })
  it('nothing kept and nothing breached reads as not measured', () => {
    const g = { ...(r.current.perNetwork ?? [])[0], promiseKeptPct: 0, promiseBreached: 0 }
    expect(groupTable([g], 'Network').rows[0].cells[8]).toBe('—')
    expect(groupTable([g], 'Network').rows[0].csv[8]).toBeNull()
  })
  it('breaches, volume and the heat map as lists', () => {
    expect(breachTable(r.current).rows[0].csv).toEqual([77, '<img src=x onerror=alert(1)>Ann', 'Bakery', '@bakery', 'First response', '2026-11-10T09:00:00.000Z', '2026-11-10T10:00:00.000Z', '', 5400])
    expect(volumeTable(r.current, r.previous).rows[0].csv).toEqual(['Conversations in', 40, 35])
    const h = heatTable(r.hourOfWeek, r.zone)
    expect(h.rows).toHaveLength(168)
    expect(h.rows[9].cells).toEqual(['Monday', '09:00', '12', 'yes'])
  })
})
