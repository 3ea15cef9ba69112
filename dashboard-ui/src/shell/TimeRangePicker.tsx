import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTime } from '../state/time-context.js';
import {
  describeRange,
  fromDateTimeLocal,
  presetOf,
  TIME_PRESETS,
  type TimeRange,
  toDateTimeLocal,
  validateRange,
} from '../state/time-range.js';
import { Icon } from './icons.js';

export interface TimeRangePickerProps {
  range: TimeRange;
  fromMs: number;
  toMs: number;
  nowMs: number;
  onChange(range: TimeRange): void;
}

/** A button named "Time range" showing the current range; opens presets and a custom from/to form. */
export function TimeRangePicker({ range, fromMs, toMs, nowMs, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const dialogId = useId();
  const current = presetOf(range);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const toggle = () => {
    if (!open) {
      setFrom(toDateTimeLocal(fromMs));
      setTo(toDateTimeLocal(toMs));
      setError(null);
    }
    setOpen(!open);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (next: TimeRange) => {
    onChange(next);
    close();
  };
  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const fromValue = fromDateTimeLocal(from);
    const toValue = fromDateTimeLocal(to);
    if (fromValue === null) return setError('From: enter a date and time');
    if (toValue === null) return setError('To: enter a date and time');
    const next = { from: String(fromValue), to: String(toValue) };
    const problem = validateRange(next, Date.now());
    if (problem !== null) return setError(problem);
    choose(next);
  };

  return (
    <div className="time-picker" ref={root}>
      <button
        ref={button}
        type="button"
        className="toolbar-button"
        aria-label="Time range"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        onClick={toggle}
      >
        <Icon name="clock" />
        <span>{describeRange(range, nowMs)}</span>
      </button>
      {open && (
        <div
          id={dialogId}
          className="popover time-popover"
          role="dialog"
          aria-label="Choose a time range"
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <div className="time-presets">
            <div className="popover-heading">Quick ranges</div>
            {TIME_PRESETS.map((preset) => (
              <button
                key={preset.key}
                type="button"
                className="preset-button"
                aria-pressed={current?.key === preset.key}
                onClick={() => choose({ from: preset.from, to: 'now' })}
              >
                {preset.label}
              </button>
            ))}
          </div>
          <form className="time-custom" onSubmit={applyCustom} noValidate>
            <div className="popover-heading">Custom range</div>
            <label>
              From
              <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              To
              <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
            {error !== null && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button button--primary">
              Apply range
            </button>
          </form>
        </div>
      )}
    </div>
  );
}

/** The picker wired to the URL-backed time context. */
export function GlobalTimeRangePicker() {
  const { range, fromMs, toMs, nowMs, setRange } = useTime();
  return <TimeRangePicker range={range} fromMs={fromMs} toMs={toMs} nowMs={nowMs} onChange={setRange} />;
}
