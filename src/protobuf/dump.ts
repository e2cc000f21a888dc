// Records from the wire inspector -> an annotated text dump, one line per field: offset, the field's bytes in hex,
// field number and name (indented by nesting), wire type, and the declared or guessed type with the decoded value.
// Tests: test/protobuf/inspect.test.ts.
import type { WireRecord } from './inspect.js';
import { WIRE_TYPE_NAMES, toHex } from './wire.js';

export interface DumpOptions {
  /** Bytes shown per line before "…" (a message's line shows only its tag and length). */
  maxHexBytes?: number;
  /** Lines shown before the rest is summarised in one line (a report keeps a big message's dump readable). */
  maxRecords?: number;
}

export function formatDump(records: readonly WireRecord[], bytes: Uint8Array, options: DumpOptions = {}): string {
  const maxHex = options.maxHexBytes ?? 10;
  const shown = records.slice(0, options.maxRecords ?? records.length);
  const rows = shown.map((r) => {
    const indent = '  '.repeat(r.depth);
    const shownEnd = r.container ? r.offset + r.headerLength : Math.min(r.end, r.offset + maxHex);
    const more = !r.container && r.end > shownEnd ? ' …' : '';
    return [
      String(r.offset),
      indent + toHex(bytes, r.offset, shownEnd) + more,
      `${indent}${r.fieldNumber}${r.name ? ` ${r.name}` : ''}`,
      WIRE_TYPE_NAMES[r.wireType],
      !r.value ? r.type : r.container ? `${r.type} (${r.value})` : `${r.type} ${r.value}`,
    ];
  });
  const header = ['offset', 'bytes', 'field', 'wire', 'type and value'];
  // A loop, not Math.max(...rows): a dump can have millions of lines, more than a call's argument limit.
  const widths = header.map((h) => h.length);
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i], cell.length);
    });
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const fields = records.filter((r) => r.depth === 0 && r.type !== 'end group').length;
  const total = `${bytes.length} byte${bytes.length === 1 ? '' : 's'}, ${fields} top-level field${fields === 1 ? '' : 's'}`;
  const omitted = records.length - shown.length;
  const more = omitted > 0 ? [`… ${omitted} more field${omitted === 1 ? '' : 's'} not shown`] : [];
  return [line(header), ...rows.map(line), ...more, total].join('\n');
}
