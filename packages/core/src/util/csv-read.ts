import { parse as parseCsv } from "csv-parse/sync";

/** One record of a CSV file with the line it starts on (a quoted cell may span lines; the header is line 1). */
export type CsvRecord = { line: number; cells: string[] };

/**
 * Reads a spreadsheet's CSV as people save it: a byte-order mark, CRLF or LF line ends, empty
 * lines skipped, rows of any width (the caller compares each with the header). Returns the
 * records, or where the text stops being CSV and why.
 */
export function readCsv(
  text: string,
): { records: CsvRecord[] } | { error: { line: number; message: string } } {
  try {
    const parsed = parseCsv(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n"],
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return {
      records: parsed.map(({ record, info }) => ({
        // info.lines is where the record ends.
        line: info.lines - record.join("").split("\n").length + 1,
        cells: record,
      })),
    };
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    if (typeof lines !== "number") throw error;
    return { error: { line: lines, message: `Not readable as CSV: ${(error as Error).message}` } };
  }
}
