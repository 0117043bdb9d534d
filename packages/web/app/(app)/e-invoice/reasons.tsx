"use client";

import { useTranslations } from "next-intl";
import { type Reason, useBilingual } from "./model";

/**
 * Why a document was refused, in the reader's language. The codes are for whoever calls LHDN
 * or support, so they are there but small.
 */
export function Reasons({ reasons }: { reasons: Reason[] }) {
  const t = useTranslations("einvoice.reason");
  const text = useBilingual();
  return (
    <ul className="flex flex-col gap-2" data-testid="einvoice-reasons">
      {reasons.map((reason, index) => (
        // Reasons have no id and never reorder; the same code can repeat for different fields.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index} className="rounded-lg border bg-background p-3" data-reason={reason.code}>
          <p className="text-sm">{text(reason.message)}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-muted-foreground">
            <span>{t(`source.${reason.source}`)}</span>
            {reason.path ? <span>{t("field", { path: reason.path })}</span> : null}
            {reason.lhdn_codes?.length ? (
              <span className="font-mono">{t("lhdn_codes", { codes: reason.lhdn_codes.join(", ") })}</span>
            ) : null}
            <span className="font-mono">{reason.code}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
