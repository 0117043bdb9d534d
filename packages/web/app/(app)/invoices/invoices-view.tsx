"use client";

import { Money } from "@wapos/core/money/index";
import { useRouter, useSearchParams } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { query } from "@/lib/api";
import type { GetInvoicesData, GetInvoicesResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { InvoiceDetail } from "./invoice-detail";

type Status = NonNullable<NonNullable<GetInvoicesData["query"]>["status"]>;
const STATUSES: readonly Status[] = ["issued", "partially_paid", "paid", "refunded", "void"];

/** Sales and refund notes, newest first: search by number, filter by status, open one. */
export function InvoicesView() {
  const t = useTranslations("invoices");
  const format = useFormatter();
  const router = useRouter();
  const params = useSearchParams();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const search = useDebounced(q.trim(), 250);
  const state = useApi<GetInvoicesResponse>(
    `/invoices${query({ q: search, status: status || undefined, limit: "100" })}`,
  );
  const open = params.get("invoice");
  const show = (id: string | null) =>
    router.replace(id ? `/invoices?invoice=${id}` : "/invoices", { scroll: false });

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-4 flex flex-wrap items-center gap-4">
        <Input
          type="search"
          aria-label={t("search")}
          placeholder={t("search")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-sm"
        />
        <span className="flex items-center gap-2">
          <Label htmlFor="invoice-status">{t("status_filter")}</Label>
          <select
            id="invoice-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as Status | "")}
            className="h-10 rounded-md border border-input bg-background px-2 text-sm"
          >
            <option value="">{t("all_statuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </span>
      </div>
      {open ? (
        <InvoiceDetail id={open} onOpen={show} onChanged={state.retry} />
      ) : (
        <DataState state={state} isEmpty={(page) => page.invoices.length === 0} empty={t("none")} rows={6}>
          {({ invoices }) => (
            <Table data-testid="invoices">
              <TableHeader>
                <TableRow>
                  <TableHead>{t("columns.number")}</TableHead>
                  <TableHead>{t("columns.issued")}</TableHead>
                  <TableHead>{t("columns.customer")}</TableHead>
                  <TableHead>{t("columns.status")}</TableHead>
                  <TableHead className="text-right">{t("columns.total")}</TableHead>
                  <TableHead className="text-right">{t("columns.due")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invoices.map((i) => (
                  <TableRow key={i.id} data-number={i.number}>
                    <TableCell>
                      <button
                        type="button"
                        className="font-mono text-primary underline-offset-2 hover:underline"
                        onClick={() => show(i.id)}
                      >
                        {i.number}
                      </button>
                      {i.kind === "refund_note" ? (
                        <Badge variant="secondary" className="ml-2">
                          {t("refund_note")}
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {i.issued_at
                        ? format.dateTime(new Date(i.issued_at), { dateStyle: "medium", timeStyle: "short" })
                        : "—"}
                    </TableCell>
                    <TableCell>{i.customer?.name ?? t("walk_in")}</TableCell>
                    <TableCell>{t(`status.${i.status}`)}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(i.payable)}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(i.amount_due)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </DataState>
      )}
    </>
  );
}
