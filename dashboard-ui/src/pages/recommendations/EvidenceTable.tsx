import type { EvidenceRow, EvidenceValue } from './evidence-format.js';

function Value({ value }: { value: EvidenceValue }) {
  if (value.type === 'code') return <pre className="evidence-code">{value.text}</pre>;
  if (value.type === 'text') return <span className={value.mono ? 'mono' : undefined}>{value.text}</span>;
  return (
    <table className="evidence-subtable">
      <thead>
        <tr>
          {value.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {value.rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <tr key={i}>
            {row.map((cell, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The evidence as label/value rows (evidence-format.ts decides labels and units). */
export function EvidenceTable({ rows, caption }: { rows: readonly EvidenceRow[]; caption: string }) {
  const firstOther = rows.findIndex((r) => !r.known);
  return (
    <table className="evidence-table">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {rows.map((row, i) => (
          <tr key={row.key} className={i === firstOther && i > 0 ? 'evidence-other-start' : undefined}>
            <th scope="row">{row.label}</th>
            <td>
              <Value value={row.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
