// A CSV table of numeric features with one label column: a header row names the columns, the label column is
// picked by name or index, every other cell must be a number. Labels stay text here, so class names ("setosa")
// and numeric targets both come through; datasetFromTable decides which they are.
import * as fs from 'node:fs';
import { FormatError } from '../../formats/formatError';
import { inflateIfGzip } from './idxReader';

/** What to read from a CSV file. */
export interface CsvOptions {
  /** The label column: its header name, or its 0-based index. */
  label: string | number;
  /** Field separator (default ','). */
  delimiter?: string;
}

/** The feature columns as a row-major matrix, and the label cells as written. */
export interface CsvTable {
  header: string[];
  featureColumns: string[];
  labelColumn: string;
  rows: number;
  /** rows × featureColumns.length, row-major. */
  features: Float32Array;
  labels: string[];
}

/** Reads the CSV file at `path` (gzip-compressed or not). */
export function readCsvFile(path: string, options: CsvOptions): CsvTable {
  const bytes = inflateIfGzip(fs.readFileSync(path), path);
  return readCsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), path, options);
}

/** Parses CSV text; `file` names the source in errors (line and column 1-based, byte offset 0-based). */
export function readCsv(text: string, file: string, options: CsvOptions): CsvTable {
  const delimiter = options.delimiter ?? ',';
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter, file);
  if (records.length === 0) throw new FormatError(file, 'expected a header row, the file is empty', { offset: 0 });
  const header = records[0].cells.map((cell) => cell.trim());
  const labelIndex = typeof options.label === 'number' ? options.label : header.indexOf(options.label);
  if (labelIndex < 0 || labelIndex >= header.length || !Number.isInteger(labelIndex)) {
    throw new FormatError(file, `line 1: no label column ${JSON.stringify(options.label)}; the header has ${header.length} columns: ${header.join(', ')}`, { offset: 0 });
  }
  const width = header.length - 1;
  const body = records.slice(1);
  const features = new Float32Array(body.length * width);
  const labels: string[] = [];
  body.forEach((record, row) => {
    if (record.cells.length !== header.length) {
      throw new FormatError(file, `line ${record.line}: expected ${header.length} columns as in the header, got ${record.cells.length}`, { offset: record.offset });
    }
    let column = 0;
    record.cells.forEach((cell, index) => {
      if (index === labelIndex) {
        labels.push(cell.trim());
        return;
      }
      const value = parseNumber(cell);
      if (value === undefined) {
        throw new FormatError(file, `line ${record.line}, column ${index + 1} (${header[index]}): expected a number, got ${JSON.stringify(cell)}`, { offset: record.offset });
      }
      features[row * width + column++] = value;
    });
  });
  return {
    header,
    featureColumns: header.filter((_, index) => index !== labelIndex),
    labelColumn: header[labelIndex],
    rows: body.length,
    features,
    labels,
  };
}

/** A finite decimal number (Number() alone would take '' as 0 and '0x10' as 16). */
function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

interface CsvRecord {
  cells: string[];
  line: number;
  offset: number;
}

/** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and newlines; blank lines are skipped. */
function splitRecords(text: string, delimiter: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let recordOffset = 0;
  let byteOffset = 0;
  const end = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') records.push({ cells, line: recordLine, offset: recordOffset });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const size = Buffer.byteLength(ch);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; byteOffset++; } else if (ch === '"') quoted = false; else cell += ch;
      if (ch === '\n') line++;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') { i++; byteOffset++; }
      end();
      line++;
      recordLine = line;
      recordOffset = byteOffset + size;
    } else {
      cell += ch;
    }
    byteOffset += size;
  }
  if (quoted) throw new FormatError(file, `line ${recordLine}: a quoted field is not closed before the end of the file`, { offset: recordOffset });
  if (cell !== '' || cells.length > 0) end();
  return records;
}
