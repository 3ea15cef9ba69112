import { type KeyboardEvent, useRef } from 'react';
import { formatMs } from '../../lib/format.js';
import { type GroupRow, type SpanRow, timeTicks, type WaterfallLayout } from './waterfall-layout.js';

export interface WaterfallProps {
  layout: WaterfallLayout;
  selectedSpanId: string | null;
  onSelect(spanId: string): void;
  onToggleGroup(groupId: string): void;
}

const pct = (ms: number, totalMs: number) => `${Math.min(100, Math.max(0, (ms / totalMs) * 100))}%`;

export function serviceColor(services: readonly string[], service: string): string {
  return `var(--series-${Math.max(0, services.indexOf(service)) % 8})`;
}

/**
 * Label beside the bar: right of it unless the bar ends near the right edge, then left of it — unless the bar also
 * starts near the left edge (a long group), where a left label would run into the name column: then inside its end.
 */
function BarLabel({
  offsetMs,
  durationMs,
  totalMs,
  text,
}: {
  offsetMs: number;
  durationMs: number;
  totalMs: number;
  text: string;
}) {
  const end = (offsetMs + durationMs) / totalMs;
  if (end > 0.82 && offsetMs / totalMs < 0.4) {
    return (
      <span className="wf-bar-label wf-bar-label--inside" style={{ right: `calc(${100 - end * 100}% + 4px)` }}>
        {text}
      </span>
    );
  }
  return end > 0.82 ? (
    <span
      className="wf-bar-label wf-bar-label--left"
      style={{ right: `calc(${100 - end * 100}% + 4px + ${pct(durationMs, totalMs)})` }}
    >
      {text}
    </span>
  ) : (
    <span className="wf-bar-label" style={{ left: `calc(${end * 100}% + 4px)` }}>
      {text}
    </span>
  );
}

function SpanRowView({ row, layout, selected }: { row: SpanRow; layout: WaterfallLayout; selected: boolean }) {
  const { span } = row;
  const color = serviceColor(layout.services, span.service);
  const failed = span.status === 'error';
  return (
    <>
      <span className="wf-name" style={{ paddingLeft: row.depth * 16 + 8 }}>
        <span className="wf-service-chip" style={{ background: color }} title={span.service} />
        <span className={`wf-span-name${failed ? ' text-red' : ''}`}>{span.name}</span>
        <span className="wf-service-name">{span.service}</span>
      </span>
      <span className="wf-track">
        <span
          className={`wf-bar${failed ? ' wf-bar--error' : ''}${selected ? ' wf-bar--selected' : ''}`}
          style={{
            left: pct(row.offsetMs, layout.totalMs),
            width: `max(2px, ${pct(span.durationMs, layout.totalMs)})`,
            background: color,
          }}
        />
        <BarLabel
          offsetMs={row.offsetMs}
          durationMs={span.durationMs}
          totalMs={layout.totalMs}
          text={formatMs(span.durationMs)}
        />
      </span>
    </>
  );
}

function GroupRowView({ row, layout }: { row: GroupRow; layout: WaterfallLayout }) {
  const color = serviceColor(layout.services, row.spans[0]?.service ?? '');
  const busyMs = row.spans.reduce((sum, s) => sum + s.durationMs, 0);
  return (
    <>
      <span className="wf-name" style={{ paddingLeft: row.depth * 16 + 8 }}>
        <span className={`wf-caret${row.expanded ? ' wf-caret--open' : ''}`} aria-hidden="true" />
        <span className="wf-group-label" title={row.spans[0]?.attributes['db.query.text']?.toString() ?? row.label}>
          {row.label}
        </span>
      </span>
      <span className="wf-track">
        <span
          className="wf-group-range"
          style={{ left: pct(row.offsetMs, layout.totalMs), width: pct(row.durationMs, layout.totalMs) }}
        />
        {row.spans.map((s) => (
          <span
            key={s.spanId}
            className="wf-tick"
            style={{
              left: pct(s.startTime - layout.startMs, layout.totalMs),
              width: `max(1px, ${pct(s.durationMs, layout.totalMs)})`,
              background: color,
            }}
          />
        ))}
        <BarLabel
          offsetMs={row.offsetMs}
          durationMs={row.durationMs}
          totalMs={layout.totalMs}
          text={`${formatMs(busyMs)} in ${row.spans.length} calls · ${row.concurrent ? 'concurrent' : 'sequential'}`}
        />
      </span>
    </>
  );
}

/**
 * Spans as rows indented by parent, bars placed by start offset and coloured by service. Rows are buttons in one
 * tab stop: arrows move, Enter selects a span or opens/closes a group, Home/End jump.
 */
export function Waterfall({ layout, selectedSpanId, onSelect, onToggleGroup }: WaterfallProps) {
  const list = useRef<HTMLDivElement>(null);
  const ticks = timeTicks(layout.totalMs);
  const focusIndex = Math.max(
    0,
    layout.rows.findIndex((r) => r.id === selectedSpanId),
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.wf-row') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : null;
    if (next === null || index === -1) return;
    event.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, next))]?.focus();
  };

  return (
    <div className="waterfall">
      <div className="wf-axis" aria-hidden="true">
        <span className="wf-name wf-axis-name">Span</span>
        <span className="wf-track">
          {ticks.map((t) => (
            <span key={t} className="wf-axis-tick" style={{ left: pct(t, layout.totalMs) }}>
              {formatMs(t)}
            </span>
          ))}
        </span>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the row buttons inside. */}
      <div ref={list} className="wf-rows" onKeyDown={onKeyDown}>
        {layout.rows.map((row, index) => {
          const selected = row.type === 'span' && row.id === selectedSpanId;
          return (
            <button
              key={row.id}
              type="button"
              className={`wf-row${selected ? ' wf-row--selected' : ''}${row.type === 'group' ? ' wf-row--group' : ''}`}
              tabIndex={index === focusIndex ? 0 : -1}
              aria-pressed={row.type === 'span' ? selected : undefined}
              aria-expanded={row.type === 'group' ? row.expanded : undefined}
              aria-label={
                row.type === 'span'
                  ? `${row.span.name}, ${row.span.service}, ${formatMs(row.span.durationMs)}${row.span.status === 'error' ? ', failed' : ''}`
                  : `${row.label}, ${row.concurrent ? 'concurrent' : 'sequential'}, ${row.expanded ? 'expanded' : 'collapsed'}`
              }
              onClick={() => (row.type === 'span' ? onSelect(row.id) : onToggleGroup(row.id))}
            >
              {row.type === 'span' ? (
                <SpanRowView row={row} layout={layout} selected={selected} />
              ) : (
                <GroupRowView row={row} layout={layout} />
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}
