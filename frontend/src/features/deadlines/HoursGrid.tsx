import { useEffect, useRef, useState } from 'react'
import {
  copyToAllDays,
  copyToWeekdays,
  formatRanges,
  hourOpen,
  HOURS_PRESETS,
  matchingPreset,
  paintRanges,
  parseRanges,
  WEEK_ORDER,
  WEEKDAYS,
  WEEKDAYS_SHORT,
} from '../../lib/deadlinesForm'
import type { RangeDTO } from '../../lib/wails/deadlines'

interface Props {
  weekly: RangeDTO[][]
  onChange: (weekly: RangeDTO[][]) => void
  /** Days whose typed hours do not parse, by day index; saving is blocked while any is set. */
  onErrors: (errors: Record<number, string>) => void
  disabled?: boolean
}

const HOURS = Array.from({ length: 24 }, (_, h) => h)

/**
 * The week as a grid of hours: drag across hours to open or close them (the
 * first cell decides which), or type exact times per day; copy a day to the
 * other weekdays, or start from a preset. Typing is the keyboard path; the
 * cells are a mouse shortcut over the same data, hidden from screen readers.
 */
export function HoursGrid({ weekly, onChange, onErrors, disabled }: Props) {
  const [texts, setTexts] = useState<Record<number, string>>({})
  const [errors, setErrors] = useState<Record<number, string>>({})
  const drag = useRef<{ on: boolean; week: RangeDTO[][] } | null>(null)

  // A drag ends wherever the pointer is let go.
  useEffect(() => {
    const up = () => {
      drag.current = null
    }
    window.addEventListener('pointerup', up)
    return () => window.removeEventListener('pointerup', up)
  }, [])

  const setWeek = (next: RangeDTO[][], clearTyped: number[] | 'all') => {
    if (clearTyped === 'all') {
      setTexts({})
      setErrors({})
      onErrors({})
    } else if (clearTyped.length) {
      const t = { ...texts }
      const e = { ...errors }
      for (const d of clearTyped) {
        delete t[d]
        delete e[d]
      }
      setTexts(t)
      setErrors(e)
      onErrors(e)
    }
    onChange(next)
  }

  const paint = (day: number, hour: number) => {
    const d = drag.current
    if (!d) return
    d.week = d.week.map((rs, i) => (i === day ? paintRanges(rs, hour * 60, hour * 60 + 60, d.on) : rs))
    setWeek(d.week, [day])
  }

  const type = (day: number, text: string) => {
    setTexts((t) => ({ ...t, [day]: text }))
    const { ranges, error } = parseRanges(text)
    const next = { ...errors }
    if (error) next[day] = error
    else delete next[day]
    setErrors(next)
    onErrors(next)
    if (!error) onChange(weekly.map((rs, i) => (i === day ? ranges : rs)))
  }

  const preset = matchingPreset(weekly)
  return (
    <div className="hours" data-testid="hours-grid">
      <div className="hours-presets" role="group" aria-label="Start from">
        <span className="settings-note">Start from:</span>
        {HOURS_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn preset-btn"
            aria-pressed={preset === p.id}
            disabled={disabled}
            onClick={() => setWeek(p.weekly.map((rs) => rs.map((r) => ({ ...r }))), 'all')}
            data-testid={`hours-preset-${p.id}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="hours-table">
        <div className="hours-row hours-head" aria-hidden="true">
          <span />
          <span className="hours-cells">
            {HOURS.map((h) => (
              <span key={h} className="hours-tick">
                {h % 3 === 0 ? h : ''}
              </span>
            ))}
          </span>
          <span />
          <span />
        </div>
        {WEEK_ORDER.map((d) => {
          const rs = weekly[d] ?? []
          const text = texts[d] ?? formatRanges(rs)
          return (
            <div className="hours-row" key={d} data-testid={`hours-day-${d}`}>
              <label htmlFor={`cal-day-${d}`} className="hours-day">
                <abbr title={WEEKDAYS[d]}>{WEEKDAYS_SHORT[d]}</abbr>
              </label>
              <span className="hours-cells" aria-hidden="true">
                {HOURS.map((h) => {
                  const open = hourOpen(rs, h)
                  return (
                    <span
                      key={h}
                      className={open ? 'hours-cell open' : 'hours-cell'}
                      data-open={open}
                      data-testid={`hours-cell-${d}-${h}`}
                      onPointerDown={(e) => {
                        if (disabled || e.button !== 0) return
                        e.preventDefault()
                        drag.current = { on: !open, week: weekly }
                        paint(d, h)
                      }}
                      onPointerEnter={() => paint(d, h)}
                    />
                  )
                })}
              </span>
              <span className="hours-text">
                <input
                  id={`cal-day-${d}`}
                  type="text"
                  value={text}
                  placeholder="closed"
                  aria-label={`${WEEKDAYS[d]} hours`}
                  aria-invalid={!!errors[d]}
                  aria-describedby={errors[d] ? `cal-day-${d}-error` : undefined}
                  onChange={(e) => type(d, e.target.value)}
                  disabled={disabled}
                  data-testid={`cal-day-${d}`}
                />
                {errors[d] && (
                  <span className="settings-error hours-error" id={`cal-day-${d}-error`} role="alert">
                    {errors[d]}
                  </span>
                )}
              </span>
              <span className="hours-copy">
                <button
                  type="button"
                  className="link-button"
                  disabled={disabled || !!errors[d]}
                  onClick={() => setWeek(copyToWeekdays(weekly, d), [1, 2, 3, 4, 5])}
                  data-testid={`hours-copy-${d}`}
                >
                  Copy to Mon–Fri<span className="sr-only"> ({WEEKDAYS[d]}'s hours)</span>
                </button>
                <button
                  type="button"
                  className="link-button"
                  disabled={disabled || !!errors[d]}
                  onClick={() => setWeek(copyToAllDays(weekly, d), [0, 1, 2, 3, 4, 5, 6])}
                >
                  all<span className="sr-only"> days: copy {WEEKDAYS[d]}'s hours</span>
                </button>
              </span>
            </div>
          )
        })}
      </div>
      <p className="settings-note">
        Drag across the hours to open or close them, or type exact times such as 09:30–12:00, 13:00–17:00. A range like 22:00–02:00 runs past
        midnight.
      </p>
    </div>
  )
}
