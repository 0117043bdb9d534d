/**
 * What log lines must never carry: phone numbers (masked), names, NRIC numbers, addresses,
 * emails, passwords, link tokens and SQL parameters. Logs are read by whoever runs the shop's
 * AWS account or support; PDPA 2010 limits personal data to what the purpose needs.
 */

/** Keys whose values are personal or secret, wherever they sit in a logged object. */
const SECRET_KEYS = new Set([
  "name",
  "customer_name",
  "full_name",
  "email",
  "address",
  "nric",
  "ic_number",
  "id_number",
  "passcode",
  "password",
  "current_password",
  "new_password",
  "token",
  "access_token",
  "refresh_token",
  "status_token",
  "authorization",
  "cookie",
  "set-cookie",
  "x-csrf-token",
  // PostgreSQL's detail ("Key (phone)=(+6012…) already exists") and the statement's values.
  "detail",
  "params",
  "parameters",
]);

/** Keys whose values are paths or URLs: every token-like segment is cut, not only known routes. */
const PATH_KEYS = new Set(["path", "url", "route", "location", "href", "referer", "next"]);

/** Fields of a database or driver error that say what failed without the values involved. */
const ERROR_FIELDS = [
  "code",
  "constraint",
  "table",
  "column",
  "schema",
  "severity",
  "kind",
  "status",
] as const;

const REDACTED = "[redacted]";
const MAX_DEPTH = 8;

/** Keeps the country code and last three digits: "+6012*****678". */
export function maskPhone(e164: string): string {
  if (e164.length <= 6) return "***";
  return `${e164.slice(0, 4)}${"*".repeat(e164.length - 7)}${e164.slice(-3)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TEXT_RULES: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  // Drizzle's "Failed query: …\nparams: …" carries every value of the statement.
  [/(\bparams: )[^\n]*/g, `$1${REDACTED}`],
  // PostgreSQL quotes the offending value after a colon ('invalid input syntax for type uuid: "…"').
  [/(: )"(?:[^"\\]|\\.)*"/g, `$1"${REDACTED}"`],
  [/(\bKey \([^)]*\)=\()[^)]*\)/g, `$1${REDACTED})`],
  // Links that carry a token: the status page, the e-invoice request, and their APIs.
  [/(\/(?:s|e)\/|\/api\/public\/(?:tickets|einvoice)\/)[^/?#\s"'&]+/g, "$1[token]"],
  [
    /([?&](?:t|token|code|sig|signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
  // WhatsApp JIDs and E.164 numbers are masked; local forms (012-345 6789) and NRIC dropped.
  [
    /(?<![\w+])(\d{8,15})(?=@(?:s\.whatsapp\.net|c\.us|lid)\b)/g,
    (_m, digits: string) => maskPhone(`+${digits}`),
  ],
  [/\+\d(?:[\s-]?\d){7,14}(?!\d)/g, (match) => maskPhone(match.replace(/[\s-]/g, ""))],
  [/(?<![\w-])\d{6}-\d{2}-\d{4}(?![\w-])/g, "[nric]"],
  [/(?<![\w-])\d{12}(?![\w-])/g, "[nric]"],
  [/(?<![\w-])0\d{1,2}[-\s]?\d{3,4}[-\s]?\d{4}(?![\w-])/g, "[phone]"],
];

/** Masks phones and NRIC numbers and cuts tokens and SQL values out of free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement as string);
  return out;
}

/** A path or URL: besides the text rules, any long opaque segment (not a UUID) is a token. */
export function redactPath(path: string): string {
  return redactText(path).replace(/(?<=\/)[A-Za-z0-9_.~-]{16,}(?=[/?#]|$)/g, (segment) =>
    UUID.test(segment) ? segment : "[token]",
  );
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const message = redactText(error.message);
  const fields = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    name: error.name,
    message,
    stack: error.stack ? redactText(error.stack.replace(error.message, message)) : undefined,
  };
  for (const field of ERROR_FIELDS)
    if (typeof fields[field] === "string" || typeof fields[field] === "number") out[field] = fields[field];
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1);
  return out;
}

/** A copy of `value` safe to log; Errors keep their name, message, stack and codes, never values. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return redactError(value, depth);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const lower = key.toLowerCase();
      if (SECRET_KEYS.has(lower)) return [key, item === undefined || item === null ? item : REDACTED];
      if (PATH_KEYS.has(lower) && typeof item === "string") return [key, redactPath(item)];
      return [key, redact(item, depth + 1)];
    }),
  );
}
