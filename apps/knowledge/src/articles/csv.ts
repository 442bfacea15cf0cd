/**
 * RFC 4180 CSV, small enough to own: quoted fields with doubled quotes, commas and line
 * breaks inside quotes, CRLF or LF between records, an optional UTF-8 byte order mark
 * (spreadsheets add one so they read the file as UTF-8).
 */

export interface CsvRecord {
  /** The 1-based line on which the record starts, for error messages. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const BOM = '\uFEFF';

/** Parses a whole document; blank lines between records are skipped. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // True once the current record has any content, so a blank line is not a record of one empty field.
  let started = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    if (started) {
      endField();
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    started = false;
  };

  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      if (!started) recordLine = line;
      started = true;
      // A quoted field: runs to the next quote not followed by another quote.
      const openedOn = line;
      i += 1;
      let closed = false;
      while (i < text.length) {
        const inner = text[i]!;
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i += 1;
          break;
        }
        if (inner === '\n') line += 1;
        field += inner;
        i += 1;
      }
      if (!closed) throw new CsvSyntaxError(openedOn, 'a quoted field is never closed');
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw new CsvSyntaxError(line, 'text after a closing quote');
      continue;
    }
    if (char === ',') {
      if (!started) recordLine = line;
      started = true;
      endField();
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i = skipLineBreak(text, i);
      line += 1;
      continue;
    }
    if (char === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
    if (!started) recordLine = line;
    started = true;
    field += char;
    i += 1;
  }
  endRecord();
  return records;
}

function skipLineBreak(text: string, i: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i + 1;
}

/** Quotes a field only when it must (comma, quote, line break, or edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes records with CRLF line ends and a BOM, as spreadsheet programs expect. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
