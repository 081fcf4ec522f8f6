import './deadlines.css'
import { useState, type ChangeEvent } from 'react'
import { formatRanges, parseRanges, WEEK_ORDER, WEEKDAYS } from '../../lib/deadlinesForm'
import { errorMessage } from '../../lib/wails'
import { importICal, type CalendarDTO } from '../../lib/wails/deadlines'

interface Props {
  cal: CalendarDTO
  computerZone: string
  onChange: (cal: CalendarDTO) => void
  /** Text fields that do not parse, by field name; saving is blocked while any is set. */
  onErrors: (errors: Record<string, string>) => void
}

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] }
  return intl.supportedValuesOf?.('timeZone') ?? []
}

/** Weekly hours, holidays (by hand or from an .ics file) and date overrides of one calendar. */
export function CalendarEditor({ cal, computerZone, onChange, onErrors }: Props) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(cal.weekly.map((rs, d) => [`day${d}`, formatRanges(rs)])),
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [holiday, setHoliday] = useState({ date: '', name: '' })
  const [override, setOverride] = useState({ date: '', text: '' })
  const [icsNote, setIcsNote] = useState('')

  const setDay = (d: number, text: string) => {
    setTexts((t) => ({ ...t, [`day${d}`]: text }))
    const { ranges, error } = parseRanges(text)
    const next = { ...errors }
    if (error) next[`day${d}`] = error
    else delete next[`day${d}`]
    setErrors(next)
    onErrors(next)
    if (!error) onChange({ ...cal, weekly: cal.weekly.map((rs, i) => (i === d ? ranges : rs)) })
  }

  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday.date)) return
    onChange({ ...cal, holidays: [...cal.holidays.filter((h) => h.date !== holiday.date), { ...holiday }].sort((a, b) => a.date.localeCompare(b.date)) })
    setHoliday({ date: '', name: '' })
  }

  const addOverride = () => {
    const { ranges, error } = parseRanges(override.text)
    if (error || !/^\d{4}-\d{2}-\d{2}$/.test(override.date)) {
      setIcsNote(error ?? 'Pick a date for the override.')
      return
    }
    onChange({ ...cal, overrides: [...cal.overrides.filter((o) => o.date !== override.date), { date: override.date, ranges }] })
    setOverride({ date: '', text: '' })
  }

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    try {
      const res = await importICal(cal.timeZone, await file.text())
      const known = new Set(cal.holidays.map((h) => h.date))
      const added = res.holidays.filter((h) => !known.has(h.date))
      onChange({ ...cal, holidays: [...cal.holidays, ...added].sort((a, b) => a.date.localeCompare(b.date)) })
      setIcsNote(
        `${added.length} holiday${added.length === 1 ? '' : 's'} added from ${file.name}` +
          (res.skipped ? `; ${res.skipped} event${res.skipped === 1 ? '' : 's'} with a time of day skipped` : '') +
          (res.rejected.length
            ? `; ${res.rejected.length} event${res.rejected.length === 1 ? '' : 's'} could not be read (${res.rejected.slice(0, 3).join('; ')}${res.rejected.length > 3 ? '; …' : ''})`
            : '') +
          '. Save to keep them.',
      )
    } catch (err) {
      setIcsNote(`Could not read ${file.name}: ${errorMessage(err)}`)
    }
  }

  return (
    <div data-testid="calendar-editor">
      <div className="settings-grid">
        <label htmlFor="cal-zone">Time zone</label>
        <span>
          <input
            id="cal-zone"
            type="text"
            list="cal-zones"
            placeholder={`This computer's zone (${computerZone})`}
            value={cal.timeZone}
            onChange={(e) => onChange({ ...cal, timeZone: e.target.value.trim() })}
          />
          <datalist id="cal-zones">
            {zones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </span>
        <span>Hours</span>
        <label className="toggle">
          <input type="checkbox" checked={cal.alwaysOpen} onChange={(e) => onChange({ ...cal, alwaysOpen: e.target.checked })} data-testid="cal-always-open" />
          Open 24/7
        </label>
        {!cal.alwaysOpen &&
          WEEK_ORDER.map((d) => (
            <FragmentRow key={d} label={WEEKDAYS[d]} htmlFor={`cal-day-${d}`}>
              <input
                id={`cal-day-${d}`}
                type="text"
                value={texts[`day${d}`] ?? ''}
                placeholder="closed"
                onChange={(e) => setDay(d, e.target.value)}
                aria-invalid={!!errors[`day${d}`]}
                data-testid={`cal-day-${d}`}
              />
              {errors[`day${d}`] && <span className="settings-error"> {errors[`day${d}`]}</span>}
            </FragmentRow>
          ))}
      </div>
      <p className="settings-note">Several ranges per day are separated by commas; 22:00–02:00 runs across midnight.</p>

      <h3>Holidays</h3>
      <ul data-testid="cal-holidays">
        {cal.holidays.map((h) => (
          <li key={h.date}>
            {h.date} {h.name && <span>— {h.name}</span>}{' '}
            <button type="button" onClick={() => onChange({ ...cal, holidays: cal.holidays.filter((x) => x.date !== h.date) })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="settings-actions">
        <input type="date" aria-label="Holiday date" value={holiday.date} onChange={(e) => setHoliday({ ...holiday, date: e.target.value })} />
        <input type="text" aria-label="Holiday name" placeholder="Name (optional)" value={holiday.name} onChange={(e) => setHoliday({ ...holiday, name: e.target.value })} />
        <button type="button" onClick={addHoliday}>
          Add holiday
        </button>
        <label className="button-like">
          Import .ics…
          <input type="file" accept=".ics,text/calendar" onChange={onFile} data-testid="cal-ics" hidden />
        </label>
      </div>
      {icsNote && <p className="settings-note" data-testid="cal-note">{icsNote}</p>}

      <h3>Date overrides</h3>
      <ul>
        {cal.overrides.map((o) => (
          <li key={o.date}>
            {o.date}: {o.ranges.length ? formatRanges(o.ranges) : 'closed'}{' '}
            <button type="button" onClick={() => onChange({ ...cal, overrides: cal.overrides.filter((x) => x.date !== o.date) })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="settings-actions">
        <input type="date" aria-label="Override date" value={override.date} onChange={(e) => setOverride({ ...override, date: e.target.value })} />
        <input type="text" aria-label="Override hours" placeholder="hours, or empty = closed" value={override.text} onChange={(e) => setOverride({ ...override, text: e.target.value })} />
        <button type="button" onClick={addOverride}>
          Add override
        </button>
      </div>
    </div>
  )
}

function FragmentRow({ label, htmlFor, children }: { label: string; htmlFor: string; children: React.ReactNode }) {
  return (
    <>
      <label htmlFor={htmlFor}>{label}</label>
      <span>{children}</span>
    </>
  )
}
