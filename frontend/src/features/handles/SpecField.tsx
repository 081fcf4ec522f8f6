import type { FieldSpec } from '../../lib/wails/handles'

/** One input of a network's form, labelled as the back end's spec says. */
export function SpecField({ f, value, onChange }: { f: FieldSpec; value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span>
        {f.label}
        {f.optional ? ' (optional)' : ''}
        {f.secret ? ' — kept in your keychain' : ''}
      </span>
      <input
        type={f.secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        placeholder={f.placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`field-${f.key}`}
      />
      {f.help && <small className="hint">{f.help}</small>}
    </label>
  )
}
