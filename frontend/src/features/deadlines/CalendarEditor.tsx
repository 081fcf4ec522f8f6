import './deadlines.css'
import { useState, type ChangeEvent } from 'react'
import { formatRanges, HOURS_PRESETS, parseRanges, readableDate } from '../../lib/deadlinesForm'
import { errorMessage } from '../../lib/wails'
import { importICal, type CalendarDTO } from '../../lib/wails/deadlines'
import { HoursGrid } from './HoursGrid'

interface Props {
  cal: CalendarDTO
  computerZone: string
  onChange: (cal: CalendarDTO) => void
  /** Text fields that do not parse, by field name; saving is blocked while any is set. */
  onErrors: (errors: Record<string, string>) => void
  disabled?: boolean
}

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] }
  return intl.supportedValuesOf?.('timeZone') ?? []
}

/** Time zone, the 24/7 switch, the week's hours, holidays (by hand or from an .ics file) and date overrides of one calendar. */
export function CalendarEditor({ cal, computerZone, onChange, onErrors, disabled }: Props) {
  const [holiday, setHoliday] = useState({ date: '', name: '' })
  const [override, setOverride] = useState({ date: '', text: '' })
  const [note, setNote] = useState('')
  const [overrideError, setOverrideError] = useState('')

  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday.date)) {
      setNote('Pick the date of the holiday first.')
      return
    }
    onChange({ ...cal, holidays: [...cal.holidays.filter((h) => h.date !== holiday.date), { ...holiday }].sort((a, b) => a.date.localeCompare(b.date)) })
    setHoliday({ date: '', name: '' })
    setNote('')
  }

  const addOverride = () => {
    const { ranges, error } = parseRanges(override.text)
    if (error || !/^\d{4}-\d{2}-\d{2}$/.test(override.date)) {
      setOverrideError(error ?? 'Pick a date for the special hours.')
      return
    }
    onChange({
      ...cal,
      overrides: [...cal.overrides.filter((o) => o.date !== override.date), { date: override.date, ranges }].sort((a, b) => a.date.localeCompare(b.date)),
    })
    setOverride({ date: '', text: '' })
    setOverrideError('')
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
      setNote(
        `${added.length} holiday${added.length === 1 ? '' : 's'} added from ${file.name}` +
          (res.skipped ? `; ${res.skipped} event${res.skipped === 1 ? '' : 's'} with a time of day skipped` : '') +
          (res.rejected.length
            ? `; ${res.rejected.length} event${res.rejected.length === 1 ? '' : 's'} could not be read (${res.rejected.slice(0, 3).join('; ')}${res.rejected.length > 3 ? '; …' : ''})`
            : '') +
          '. Save to keep them.',
      )
    } catch (err) {
      setNote(`Could not read ${file.name}: ${errorMessage(err)}`)
    }
  }

  return (
    <div data-testid="calendar-editor" className="calendar-editor">
      <div className="cal-top">
        <label className="cal-switch">
          <input
            type="checkbox"
            role="switch"
            checked={cal.alwaysOpen}
            onChange={(e) => {
              // Switching 24/7 off on a week with no hours starts from Mon–Fri 9–17 rather than "never open".
              const empty = cal.weekly.every((rs) => rs.length === 0)
              onChange({ ...cal, alwaysOpen: e.target.checked, weekly: !e.target.checked && empty ? structuredClone(HOURS_PRESETS[0].weekly) : cal.weekly })
            }}
            disabled={disabled}
            data-testid="cal-always-open"
          />
          <span className="switch-track" aria-hidden="true" />
          <span>
            <strong>Open 24/7</strong>
            <span className="settings-note"> — every hour counts; business hours below are not used</span>
          </span>
        </label>
        <label className="cal-zone">
          <span>Time zone</span>
          <input
            type="text"
            list="cal-zones"
            placeholder={`This computer's (${computerZone})`}
            value={cal.timeZone}
            disabled={disabled}
            onChange={(e) => onChange({ ...cal, timeZone: e.target.value.trim() })}
          />
          <datalist id="cal-zones">
            {zones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
      </div>
      {!cal.alwaysOpen && (
        <HoursGrid
          weekly={cal.weekly}
          disabled={disabled}
          onChange={(weekly) => onChange({ ...cal, weekly })}
          onErrors={(errs) => onErrors(Object.fromEntries(Object.entries(errs).map(([d, m]) => [`day${d}`, m])))}
        />
      )}

      <div className="cal-dates">
        <section className="cal-card" aria-labelledby="cal-holidays-title">
          <h3 id="cal-holidays-title">Holidays (closed all day)</h3>
          {cal.holidays.length === 0 ? (
            <p className="settings-note">No holidays yet.</p>
          ) : (
            <ul className="date-list" data-testid="cal-holidays">
              {cal.holidays.map((h) => (
                <li key={h.date}>
                  <time dateTime={h.date}>{readableDate(h.date)}</time>
                  {h.name && <span className="date-name">{h.name}</span>}
                  <button
                    type="button"
                    className="link-button"
                    disabled={disabled}
                    aria-label={`Remove holiday ${readableDate(h.date)}`}
                    onClick={() => onChange({ ...cal, holidays: cal.holidays.filter((x) => x.date !== h.date) })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="date-add">
            <input type="date" aria-label="Holiday date" value={holiday.date} disabled={disabled} onChange={(e) => setHoliday({ ...holiday, date: e.target.value })} />
            <input
              type="text"
              aria-label="Holiday name"
              placeholder="Name (optional)"
              value={holiday.name}
              disabled={disabled}
              onChange={(e) => setHoliday({ ...holiday, name: e.target.value })}
            />
            <button type="button" className="btn" onClick={addHoliday} disabled={disabled}>
              Add holiday
            </button>
            <label className="btn button-like">
              Import .ics…
              <input type="file" accept=".ics,text/calendar" onChange={onFile} disabled={disabled} data-testid="cal-ics" hidden />
            </label>
          </div>
          {note && (
            <p className="settings-note" data-testid="cal-note" role="status">
              {note}
            </p>
          )}
        </section>

        <section className="cal-card" aria-labelledby="cal-overrides-title">
          <h3 id="cal-overrides-title">Special hours on one date</h3>
          {cal.overrides.length === 0 ? (
            <p className="settings-note">None yet — for example a late opening on 24 December.</p>
          ) : (
            <ul className="date-list" data-testid="cal-overrides">
              {cal.overrides.map((o) => (
                <li key={o.date}>
                  <time dateTime={o.date}>{readableDate(o.date)}</time>
                  <span className="date-name">{o.ranges.length ? formatRanges(o.ranges) : 'closed'}</span>
                  <button
                    type="button"
                    className="link-button"
                    disabled={disabled}
                    aria-label={`Remove special hours on ${readableDate(o.date)}`}
                    onClick={() => onChange({ ...cal, overrides: cal.overrides.filter((x) => x.date !== o.date) })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="date-add">
            <input type="date" aria-label="Special hours date" value={override.date} disabled={disabled} onChange={(e) => setOverride({ ...override, date: e.target.value })} />
            <input
              type="text"
              aria-label="Special hours"
              placeholder="e.g. 10:00–14:00"
              value={override.text}
              disabled={disabled}
              onChange={(e) => setOverride({ ...override, text: e.target.value })}
            />
            <button type="button" className="btn" onClick={addOverride} disabled={disabled}>
              Add
            </button>
          </div>
          <p className="settings-note">Leave the hours empty to close on that date.</p>
          {overrideError && (
            <p className="settings-error" role="alert">
              {overrideError}
            </p>
          )}
        </section>
      </div>
    </div>
  )
}
