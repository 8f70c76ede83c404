// RFC 4180 CSV: fields separated by a delimiter, records by CRLF (LF and CR alone are accepted too),
// fields optionally in double quotes, a quote inside a quoted field written twice. A leading UTF-8 BOM
// (Excel writes one) is dropped, and blank lines are skipped.

export interface CsvRecord {
  /** 1-based line on which the record starts (quoted fields may span lines). */
  line: number;
  fields: string[];
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

const QUOTE = 34;
const CR = 13;
const LF = 10;

export function parseCsv(input: string, delimiter = ','): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let isFieldQuoted = false;

  const endRecord = () => {
    fields.push(field);
    const isBlank = fields.length === 1 && fields[0] === '' && !isFieldQuoted;
    if (!isBlank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    isFieldQuoted = false;
  };

  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (field !== '' || isFieldQuoted) return { ok: false, line, message: 'a quote inside an unquoted field' };
      isFieldQuoted = true;
      const start = line;
      i += 1;
      for (;;) {
        if (i >= text.length) return { ok: false, line: start, message: 'a quoted field is never closed' };
        const q = text.charCodeAt(i);
        if (q === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === LF || (q === CR && text.charCodeAt(i + 1) !== LF)) line += 1;
        field += text[i];
        i += 1;
      }
      const next = text.charCodeAt(i);
      if (i < text.length && next !== separator && next !== CR && next !== LF) {
        return { ok: false, line, message: 'text after a closing quote' };
      }
      continue;
    }
    if (c === separator) {
      fields.push(field);
      field = '';
      isFieldQuoted = false;
      i += 1;
      continue;
    }
    if (c === CR || c === LF) {
      endRecord();
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    // Plain run up to the next special character, appended at once rather than char by char.
    let end = i + 1;
    while (end < text.length) {
      const d = text.charCodeAt(end);
      if (d === separator || d === CR || d === LF || d === QUOTE) break;
      end += 1;
    }
    field += text.slice(i, end);
    i = end;
  }
  if (field !== '' || fields.length > 0 || isFieldQuoted) endRecord();
  return { ok: true, records };
}

/** Excel in a German locale writes `;`; the header row tells which one a file uses. */
export function detectDelimiter(input: string): ',' | ';' {
  const firstLine = input.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const semicolons = firstLine.split(';').length - 1;
  const commas = firstLine.split(',').length - 1;
  return semicolons > commas ? ';' : ',';
}
