"use client";

import { CircleAlert, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { LoadFailed } from "@/components/load-failed";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { ApiError, api, query, saveFile } from "@/lib/api";
import { CancelDialog } from "./cancel-dialog";
import { ExportCard } from "./export-card";
import { type Action, type Filter, InvoicesCard } from "./invoices-card";
import {
  type EinvoiceRow,
  isWaiting,
  POLL_MS,
  type Readiness,
  type Run,
  shownStatus,
  useActionErrorText,
} from "./model";
import { ReadinessCard } from "./readiness-card";
import { RequestDialog } from "./request-dialog";
import { RunsCard } from "./runs-card";

type Data = { readiness: Readiness; runs: Run[] };
type Open = { invoice: EinvoiceRow; dialog: "request" | "cancel" };

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "unknown", String(error));

/**
 * Readiness, invoices, runs and export in one place. While an e-invoice waits for LHDN the
 * page asks again every POLL_MS, so the answer shows without a reload.
 */
function useEinvoiceData(filter: Filter) {
  const [data, setData] = useState<Data>();
  const [invoices, setInvoices] = useState<EinvoiceRow[]>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [stale, setStale] = useState(false);
  // A filter changed mid-request must not be overwritten by the older answer.
  const latest = useRef(0);

  const load = useCallback(
    async (quiet: boolean) => {
      const call = ++latest.current;
      try {
        const [readiness, list, runs] = await Promise.all([
          api.get<Readiness>("/einvoice/readiness"),
          api.get<{ invoices: EinvoiceRow[] }>(
            `/einvoice/invoices${query({ status: filter === "all" ? undefined : filter })}`,
          ),
          api.get<{ runs: Run[] }>("/einvoice/runs"),
        ]);
        if (call !== latest.current) return;
        // The API lists runs oldest first; the latest month matters most here.
        setData({ readiness, runs: [...runs.runs].sort((a, b) => b.period.localeCompare(a.period)) });
        setInvoices(list.invoices);
        setLoadError(undefined);
        setStale(false);
      } catch (error) {
        if (call !== latest.current) return;
        if (quiet) setStale(true);
        else setLoadError(asApiError(error));
      }
    },
    [filter],
  );

  useEffect(() => {
    setInvoices(undefined);
    load(false);
  }, [load]);

  const waiting =
    invoices?.some((invoice) => isWaiting(shownStatus(invoice))) ||
    data?.runs.some((run) => isWaiting(run.status));
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (!document.hidden) load(true);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, load]);

  return { data, invoices, loadError, stale, reload: load };
}

export function EinvoiceView() {
  const t = useTranslations("einvoice");
  const { role } = useSession();
  const isAdmin = role === "admin";
  const notify = useToast();
  const errorText = useActionErrorText();
  const [filter, setFilter] = useState<Filter>("all");
  const { data, invoices, loadError, stale, reload } = useEinvoiceData(filter);
  const [open, setOpen] = useState<Open>();
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  const download = async (invoice: EinvoiceRow, format: "json" | "xml") => {
    const { blob, fileName } = await api.download(
      `/einvoice/invoices/${encodeURIComponent(invoice.id)}/document${query({ format })}`,
    );
    const name = fileName ?? `${invoice.number}.${format}`;
    saveFile(blob, name);
    notify("success", t("invoices.downloaded", { file: name }));
  };

  const act = async (invoice: EinvoiceRow, action: Action) => {
    setActionError(undefined);
    if (action === "request" || action === "correct") return setOpen({ invoice, dialog: "request" });
    if (action === "cancel") return setOpen({ invoice, dialog: "cancel" });
    setBusy(invoice.id);
    try {
      if (action === "resubmit") {
        await api.post(`/einvoice/invoices/${encodeURIComponent(invoice.id)}/resubmit`);
        notify("success", t("invoices.resubmitted", { number: invoice.number }));
        await reload(true);
      } else await download(invoice, action === "download_json" ? "json" : "xml");
    } catch (error) {
      setActionError(errorText(error));
    } finally {
      setBusy(undefined);
    }
  };

  const done = (message: string) => {
    setOpen(undefined);
    notify("success", message);
    reload(true);
  };

  const portalMode = data?.readiness.gaps.some((gap) => gap.field === "myinvois.client_id") ?? false;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {stale ? (
        <Alert variant="warning" role="status" className="mb-4">
          <TriangleAlert aria-hidden="true" />
          <AlertDescription>{t("stale")}</AlertDescription>
        </Alert>
      ) : null}
      {loadError ? (
        <LoadFailed error={loadError} onRetry={() => reload(false)} />
      ) : !data ? (
        <div aria-busy="true" className="flex flex-col gap-4">
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
      ) : (
        <div className="flex flex-col gap-6">
          <ReadinessCard readiness={data.readiness} isAdmin={isAdmin} />
          {actionError ? (
            <Alert variant="destructive" role="alert" data-testid="einvoice-action-error">
              <CircleAlert aria-hidden="true" />
              <AlertDescription>{actionError}</AlertDescription>
            </Alert>
          ) : null}
          <InvoicesCard
            invoices={invoices}
            filter={filter}
            onFilter={setFilter}
            isAdmin={isAdmin}
            busy={busy}
            onAction={act}
          />
          <RunsCard runs={data.runs} isAdmin={isAdmin} onConsolidated={() => reload(true)} />
          <ExportCard portalMode={portalMode} />
        </div>
      )}
      {open?.dialog === "request" ? (
        <RequestDialog
          invoice={open.invoice}
          onClose={() => setOpen(undefined)}
          onRequested={(invoice) => done(t("invoices.requested", { number: invoice.number }))}
        />
      ) : null}
      {open?.dialog === "cancel" ? (
        <CancelDialog
          invoice={open.invoice}
          onClose={() => setOpen(undefined)}
          onCancelled={(invoice) => done(t("invoices.cancelled", { number: invoice.number }))}
        />
      ) : null}
    </>
  );
}
