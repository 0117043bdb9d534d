/** Markup that is already safe to send: the result of {@link html}, or trusted text wrapped on purpose. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/**
 * HTML from a template literal: every interpolated value is escaped unless it is itself
 * {@link Html}; arrays are joined and null, undefined and booleans print nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/** Attributes from an object: `true` prints the bare name, false/undefined leaves it out. */
export function attrs(values: Record<string, string | number | boolean | undefined | null>): Html {
  return new Html(
    Object.entries(values)
      .filter(([, v]) => v !== undefined && v !== null && v !== false)
      .map(([name, v]) => (v === true ? ` ${name}` : ` ${name}="${escapeHtml(String(v))}"`))
      .join(""),
  );
}

/** JSON for an inline <script>: `<` is escaped so the text can never close the script element. */
export const scriptJson = (value: unknown) => new Html(JSON.stringify(value).replace(/</g, "\\u003c"));
