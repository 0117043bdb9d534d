"use client";

import { CircleAlert, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { api, query, saveFile } from "@/lib/api";
import { useApi } from "@/lib/use-api";
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

type Open = { invoice: EinvoiceRow; dialog: "request" | "cancel" };

/** Poll while LHDN has not answered; otherwise load once. */
const pollWhile = (waiting: boolean) => (waiting ? POLL_MS : 0);

/**
 * Readiness, invoices and runs, each through the shared cache. While an e-invoice waits for
 * LHDN its list asks again every POLL_MS (SWR skips hidden tabs), so the answer shows without
 * a reload; a failed poll keeps what is shown and marks it stale.
 */
function useEinvoiceData(filter: Filter) {
  const readiness = useApi<Readiness>("/einvoice/readiness");
  const invoices = useApi<{ invoices: EinvoiceRow[] }>(
    `/einvoice/invoices${query({ status: filter === "all" ? undefined : filter })}`,
    {
      refreshInterval: (latest) =>
        pollWhile(latest?.invoices.some((invoice) => isWaiting(shownStatus(invoice))) ?? false),
    },
  );
  const runs = useApi<{ runs: Run[] }>("/einvoice/runs", {
    refreshInterval: (latest) => pollWhile(latest?.runs.some((run) => isWaiting(run.status)) ?? false),
  });
  const data = useMemo(
    () =>
      readiness.data && runs.data
        ? {
            readiness: readiness.data,
            // The API lists runs oldest first; the latest month matters most here.
            runs: [...runs.data.runs].sort((a, b) => b.period.localeCompare(a.period)),
          }
        : undefined,
    [readiness.data, runs.data],
  );
  const states = [readiness, invoices, runs];
  const { retry: retryReadiness } = readiness;
  const { retry: retryInvoices } = invoices;
  const { retry: retryRuns } = runs;
  const reload = useCallback(() => {
    retryReadiness();
    retryInvoices();
    retryRuns();
  }, [retryReadiness, retryInvoices, retryRuns]);
  return {
    state: { data, error: states.find((s) => s.error && !s.data)?.error, retry: reload },
    invoices: invoices.data?.invoices,
    stale: states.some((s) => s.error && s.data),
    reload,
  };
}

export function EinvoiceView() {
  const t = useTranslations("einvoice");
  const { role } = useSession();
  const isAdmin = role === "admin";
  const notify = useToast();
  const errorText = useActionErrorText();
  const [filter, setFilter] = useState<Filter>("all");
  const { state, invoices, stale, reload } = useEinvoiceData(filter);
  const data = state.data;
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
        reload();
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
    reload();
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
      <DataState
        state={state}
        loading={
          <div aria-busy="true" className="flex flex-col gap-4">
            <Skeleton className="h-32 w-full" />
            <Skeleton className="h-64 w-full" />
          </div>
        }
      >
        {(data) => (
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
            <RunsCard runs={data.runs} isAdmin={isAdmin} onConsolidated={reload} />
            <ExportCard portalMode={portalMode} />
          </div>
        )}
      </DataState>
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
