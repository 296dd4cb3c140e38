/**
 * Light form controls for the pages a phone opens (the daily report): native, accessible inputs
 * that look like Ant Design's InputNumber, Segmented and Switch without their code (about 14 KB
 * gzip). Each takes `value`/`checked` and `onChange` as a Form.Item gives them, and passes the
 * rest (`id`, `aria-*`, `status`) through, so labels, validation and scroll-to-error keep working.
 */
import { Input } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';

const parse = (text: string): number | null => {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

export interface NumberInputProps {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Whole numbers: the phone's numeric keypad rather than the decimal one. */
  integer?: boolean;
  suffix?: ReactNode;
  status?: '' | 'error' | 'warning';
  'aria-label'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
  'aria-required'?: boolean | 'true' | 'false';
}

/**
 * A number as `<input type="number">` (Ant Design's Input, which every form page loads anyway):
 * the phone shows its numeric keypad; the value is a number, or null when empty. What is typed is
 * kept as typed (a half-typed "1." stays) and the form's rules (the server's zod schema) judge the
 * number: no min, max or step attributes, whose browser bubbles would pre-empt the form's own
 * translated messages.
 */
export function NumberInput({ value, onChange, integer, suffix, ...rest }: NumberInputProps) {
  const [text, setText] = useState(value === null || value === undefined ? '' : String(value));
  // A new value from outside (pre-filling, reset) replaces the text; our own echo does not.
  useEffect(() => {
    if (parse(text) !== (value ?? null)) setText(value === null || value === undefined ? '' : String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <Input
      {...rest}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      step="any"
      suffix={suffix}
      className="number-input"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange?.(parse(e.target.value));
      }}
      // A mouse wheel over a focused number field must scroll the page, not change the figure.
      onWheel={(e) => e.currentTarget.blur()}
    />
  );
}

export interface ChoiceGroupProps<T extends string> {
  id?: string;
  value?: T;
  onChange?: (value: T) => void;
  options: readonly { value: T; label: ReactNode }[];
  /** The group's accessible name (the field's label). */
  label: string;
  className?: string;
}

/** One choice of a few, as a row of segments: native radio buttons in a labelled radiogroup. */
export function ChoiceGroup<T extends string>({ id, value, onChange, options, label, className }: ChoiceGroupProps<T>) {
  return (
    <div id={id} role="radiogroup" aria-label={label} className={className ? `choice-group ${className}` : 'choice-group'}>
      {options.map((o) => (
        <label key={o.value} className={o.value === value ? 'choice-option checked' : 'choice-option'}>
          <input type="radio" className="sr-only" name={id} value={o.value} checked={o.value === value} onChange={() => onChange?.(o.value)} />
          <span className="choice-label">{o.label}</span>
        </label>
      ))}
    </div>
  );
}

export interface ToggleProps {
  id?: string;
  checked?: boolean;
  onChange?: (checked: boolean) => void;
}

/** An on/off switch: a button with the switch role, named by its `<label for>`. */
export function Toggle({ id, checked = false, onChange }: ToggleProps) {
  return (
    <button type="button" role="switch" id={id} aria-checked={checked} className={checked ? 'toggle checked' : 'toggle'} onClick={() => onChange?.(!checked)}>
      <span className="toggle-handle" aria-hidden="true" />
    </button>
  );
}
