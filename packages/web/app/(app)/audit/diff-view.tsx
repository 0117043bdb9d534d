"use client";

import { useTranslations } from "next-intl";

type Change = { from: unknown; to: unknown };

const isChange = (value: unknown): value is Change =>
  typeof value === "object" && value !== null && "from" in value && "to" in value;

// The server masks secrets with these markers before anything is stored.
const MASKS: Record<string, string> = {
  "(set)": "set",
  "(not set)": "not_set",
  "(changed)": "changed",
  "(cleared)": "cleared",
};

/** `{field: {from, to}}` as one line per field; anything else as indented JSON. */
export function DiffView({ diff }: { diff: Record<string, unknown> }) {
  const t = useTranslations("audit.diff");
  const show = (value: unknown) => {
    if (value === null || value === undefined)
      return <span className="italic text-muted-foreground">{t("empty")}</span>;
    if (typeof value === "string" && MASKS[value])
      return <span className="italic">{t(`masked.${MASKS[value]}`)}</span>;
    if (typeof value === "object")
      return (
        <pre className="whitespace-pre-wrap break-all font-mono text-xs">
          {JSON.stringify(value, null, 2)}
        </pre>
      );
    return <span className="break-all font-mono text-xs">{String(value)}</span>;
  };
  const entries = Object.entries(diff);
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">{t("none")}</p>;
  return (
    <dl className="grid gap-2 text-sm">
      {entries.map(([field, value]) => (
        <div
          key={field}
          className="grid gap-1 rounded-md bg-muted/50 p-2 sm:grid-cols-[minmax(8rem,max-content)_1fr] sm:gap-3"
        >
          <dt className="font-mono text-xs font-medium">{field}</dt>
          <dd className="min-w-0">
            {isChange(value) && value.from !== null && value.from !== undefined ? (
              <div className="flex flex-wrap items-start gap-x-2 gap-y-1">
                <span className="sr-only">{t("from")}</span>
                <del className="min-w-0 text-muted-foreground decoration-destructive/60">
                  {show(value.from)}
                </del>
                <span aria-hidden="true">→</span>
                <span className="sr-only">{t("to")}</span>
                <ins className="min-w-0 no-underline">{show(value.to)}</ins>
              </div>
            ) : isChange(value) ? (
              show(value.to)
            ) : (
              show(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
