import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/lib/api";
import type { EinvoiceInvoice, EinvoiceRun, GetEinvoiceReadinessResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";

/** Text the API writes in both languages. */
export type Bilingual = { en: string; ms: string };

/** GET /api/einvoice/readiness */
export type Readiness = GetEinvoiceReadinessResponse;

/** Why a document was refused: our own checks before sending, or LHDN's answer. */
export type Reason = EinvoiceInvoice["errors"][number];

export const EINVOICE_STATUSES = [
  "not_requested",
  "pending",
  "submitted",
  "valid",
  "invalid",
  "cancelled",
  "consolidated",
] as const;
export type EinvoiceStatus = (typeof EINVOICE_STATUSES)[number];

/** GET /api/einvoice/invoices, one row. */
export type EinvoiceRow = EinvoiceInvoice;

/** GET /api/einvoice/runs, one consolidated e-invoice. */
export type Run = EinvoiceRun;

/** What the page shows: LHDN's state, plus "portal" for a signed document waiting to be uploaded by hand. */
export type Shown = EinvoiceStatus | "portal";

export const STATUS_BADGE: Record<Shown, "success" | "warning" | "destructive" | "secondary" | "outline"> = {
  not_requested: "outline",
  pending: "warning",
  portal: "secondary",
  submitted: "warning",
  valid: "success",
  invalid: "destructive",
  cancelled: "outline",
  consolidated: "secondary",
};

/** The job's note on a document kept for export because no API credentials are set: not a problem to fix. */
export const PORTAL_MODE = "einvoice.portal_mode";

export function shownStatus(row: Pick<EinvoiceRow, "einvoice_status" | "errors">): Shown {
  return row.einvoice_status === "pending" && row.errors.some((reason) => reason.code === PORTAL_MODE)
    ? "portal"
    : row.einvoice_status;
}

/** While LHDN has not answered, the page asks again at this pace. */
export const POLL_MS = 5000;
export const isWaiting = (status: Shown | string) => status === "pending" || status === "submitted";

/** Text for one language of the API's bilingual messages. */
export function useBilingual() {
  const locale = useLocale();
  return useCallback((text: Bilingual) => (locale === "ms" ? text.ms : text.en) || text.en, [locale]);
}

/** "180.5" or "-30.00" with its currency, as the shop writes money: "RM 180.50". */
export function formatAmount(amount: string, currency = "MYR"): string {
  const match = /^(-?)(\d+)(?:\.(\d{0,2}))?/.exec(amount.trim());
  if (!match) return amount;
  const whole = match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = `${match[1]}${whole}.${(match[3] ?? "").padEnd(2, "0")}`;
  return currency === "MYR" ? `RM ${text}` : `${currency} ${text}`;
}

/** Text for a failed e-invoice action: this page's own codes first, then the shared ones. */
export function useActionErrorText() {
  const t = useTranslations("einvoice.errors");
  const errorText = useErrorText();
  return useCallback(
    (error: unknown) => {
      const key = error instanceof ApiError ? error.code.replaceAll(".", "_") : undefined;
      if (key && t.has(key)) return t(key, { reason: error instanceof ApiError ? error.message : "" });
      return errorText(error);
    },
    [t, errorText],
  );
}

/** Where a readiness gap is fixed: the settings section its field belongs to. */
export const settingsLink = (field: string) =>
  field.startsWith("shop.") ? "/settings#section-shop" : "/settings#section-myinvois";
