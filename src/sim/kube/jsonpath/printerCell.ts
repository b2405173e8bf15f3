// How the CRD table convertor (apiextensions tableconvertor) turns a column's JSONPath results
// into a Table cell. The column's `format` is informational there and does not change the cell.
import { goFloat } from '../schema/goFormat.ts';
import { humanDuration } from './humanDuration.ts';

export type PrinterColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'date';

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** encoding/json.Marshal, which escapes <, > and & for HTML and writes map keys sorted. */
function goMarshal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goMarshal).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${goMarshal(k)}:${goMarshal(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isInteger(v)) return JSON.stringify(v);
  return JSON.stringify(v ?? null).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** jsonpath.PrintResults for one value: compounds as JSON, scalars as fmt.Fprint prints them. */
function printed(v: unknown): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'object') return goMarshal(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

function dateCell(v: string, now: number): string {
  if (v === '' || v === 'null') return '<unknown>';
  const m = rfc3339.exec(v);
  const t = m === null ? NaN : Date.parse(v);
  if (Number.isNaN(t)) return '<invalid>';
  if (v.startsWith('0001-01-01T00:00:00') && t === Date.parse('0001-01-01T00:00:00Z')) return '<unknown>';
  return humanDuration(now - t);
}

/**
 * The cell for a column: only the first value counts; no value is null (kubectl prints <none>);
 * a value of the wrong JSON type is null; dates become the age since the timestamp.
 */
export function printerCell(values: readonly unknown[], type: PrinterColumnType, options: { now?: number } = {}): unknown {
  if (values.length === 0) return null;
  const v = values[0];
  if (type === 'string') return printed(v);
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date': return typeof v === 'string' ? dateCell(v, options.now ?? Date.now()) : null;
  }
}
