/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, lines end
 * in CRLF. A byte-order mark leads so Excel reads the file as UTF-8 (names in Malay, Chinese, Tamil).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One field. A text that starts with = + - @ (or a tab or carriage return) would run as a
 * formula when the file is opened in a spreadsheet (OWASP "CSV injection"): it gets a leading
 * apostrophe. Plain numbers such as a rounding of -0.02 are not formulas and stay numbers.
 */
export function cell(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
