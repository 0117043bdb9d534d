"use client";

import { Money } from "@wapos/core/money/index";
import { printedTotals } from "@wapos/core/sale/totals";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError, api, openFile, query } from "@/lib/api";
import type {
  GetProductsResponse,
  GetQuotesByIdResponse,
  GetQuotesResponse,
  PostQuotesByIdConvertResponse,
  PostQuotesData,
} from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { newKey } from "@/lib/idempotency";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";
import { type DiscountDraft, NO_DISCOUNT, toSen } from "../pos/cart";

type Quote = GetQuotesByIdResponse;
type Status = Quote["status"];
type Body = PostQuotesData["body"];
const STATUSES: readonly Status[] = ["draft", "sent", "accepted", "declined", "expired", "converted"];

/** Quotes: the latest with a status filter, a form to make one, and one quote to send or convert. */
export function QuotesView() {
  const t = useTranslations("quotes");
  const router = useRouter();
  const params = useSearchParams();
  const [status, setStatus] = useState<Status | "">("");
  const [creating, setCreating] = useState(false);
  const state = useApi<GetQuotesResponse>(`/quotes${query({ status, limit: "100" })}`);
  const format = useShopFormat();
  const open = params.get("quote");
  const show = (id: string | null) =>
    router.replace(id ? `/quotes?quote=${id}` : "/quotes", { scroll: false });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<Button onClick={() => setCreating((c) => !c)}>{t("new")}</Button>}
      />
      {creating ? (
        <QuoteForm
          onCreated={(quote) => {
            setCreating(false);
            state.retry();
            show(quote.id);
          }}
        />
      ) : null}
      {open ? <QuoteDetail id={open} onChanged={state.retry} onClose={() => show(null)} /> : null}
      <div className="mb-4 flex items-center gap-2">
        <Label htmlFor="quote-status">{t("status_filter")}</Label>
        <select
          id="quote-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | "")}
          className="h-10 rounded-md border border-input bg-background px-2 text-sm"
        >
          <option value="">{t("all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <DataState state={state} isEmpty={(page) => page.quotes.length === 0} empty={t("none")} rows={6}>
        {({ quotes }) => (
          <Table data-testid="quotes">
            <TableHeader>
              <TableRow>
                <TableHead>{t("columns.number")}</TableHead>
                <TableHead>{t("columns.customer")}</TableHead>
                <TableHead className="text-right">{t("columns.total")}</TableHead>
                <TableHead>{t("columns.status")}</TableHead>
                <TableHead>{t("columns.valid_until")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {quotes.map((quote) => (
                <TableRow key={quote.id} data-number={quote.number}>
                  <TableCell>
                    <button
                      type="button"
                      className="text-primary underline-offset-2 hover:underline"
                      onClick={() => show(quote.id)}
                    >
                      {quote.number}
                    </button>
                  </TableCell>
                  <TableCell>
                    {quote.customer.name}{" "}
                    <span className="text-xs text-muted-foreground">
                      {format.phone(quote.customer.phone)}
                    </span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{Money.format(quote.total)}</TableCell>
                  <TableCell>
                    <StatusBadge status={quote.status} />
                  </TableCell>
                  <TableCell>{quote.valid_until ? format.date(quote.valid_until) : "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DataState>
    </>
  );
}

function StatusBadge({ status }: { status: Status }) {
  const t = useTranslations("quotes.statuses");
  const variant = status === "expired" || status === "declined" ? "destructive" : "secondary";
  return <Badge variant={variant}>{t(status)}</Badge>;
}

type LineDraft = {
  key: string;
  product_id?: string;
  description: string;
  unit_price: string;
  qty: string;
  discount: DiscountDraft;
};

/** A discount as the API takes it, or undefined when none was entered. */
function toDiscount(draft: DiscountDraft): Body["discount"] {
  const value = draft.value.trim();
  if (!value || toSen(value) === 0n) return undefined;
  return { kind: draft.kind, value };
}

function DiscountInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: DiscountDraft;
  onChange: (next: DiscountDraft) => void;
}) {
  const t = useTranslations("quotes.form");
  return (
    <span className="flex items-center gap-1">
      <Input
        aria-label={label}
        inputMode="decimal"
        value={value.value}
        onChange={(e) => onChange({ ...value, value: e.target.value })}
        className="w-24"
      />
      <select
        aria-label={t("discount_kind")}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as DiscountDraft["kind"] })}
        className="h-10 rounded-md border border-input bg-background px-2 text-sm"
      >
        <option value="percent">%</option>
        <option value="amount">RM</option>
      </select>
    </span>
  );
}

/** A new quote: the customer by phone, lines from the catalogue or typed, discounts and notes. */
function QuoteForm({ onCreated }: { onCreated: (quote: Quote) => void }) {
  const t = useTranslations("quotes.form");
  const errorText = useErrorText();
  const [phone, setPhone] = useState("");
  const [name, setName] = useState("");
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [discount, setDiscount] = useState<DiscountDraft>(NO_DISCOUNT);
  const [notes, setNotes] = useState("");
  const [q, setQ] = useState("");
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const search = useDebounced(q.trim(), 250);
  const found = useApi<GetProductsResponse>(search ? `/products${query({ q: search, limit: "8" })}` : null);

  const update = (key: string, change: Partial<LineDraft>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)));
  const add = (line: Omit<LineDraft, "key" | "qty" | "discount">) =>
    setLines((current) => [...current, { ...line, key: newKey(), qty: "1", discount: NO_DISCOUNT }]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const bad = lines.find(
      (line) =>
        !/^\d{1,4}$/.test(line.qty.trim()) ||
        Number(line.qty) < 1 ||
        (!line.product_id && (!line.description.trim() || toSen(line.unit_price) === undefined)),
    );
    if (!lines.length || bad) return setFailure(t("incomplete"));
    const body: Body = {
      customer_phone: phone.trim(),
      customer_name: name.trim() || undefined,
      items: lines.map((line) => ({
        ...(line.product_id
          ? { product_id: line.product_id }
          : { description: line.description.trim(), unit_price: line.unit_price.trim() }),
        qty: Number(line.qty),
        discount: toDiscount(line.discount),
      })),
      discount: toDiscount(discount),
      notes: notes.trim() || undefined,
    };
    setBusy(true);
    try {
      onCreated(await api.post<Quote>("/quotes", body));
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.code === "sale.discount_needs_approval"
          ? t("needs_approval", { message: error.message })
          : errorText(error),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      className="mb-6 flex flex-col gap-3 rounded-md border p-4"
      data-testid="quote-form"
    >
      <div className="flex flex-wrap gap-4">
        <span className="flex flex-col gap-1">
          <Label htmlFor="quote-phone">{t("phone")}</Label>
          <Input
            id="quote-phone"
            type="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </span>
        <span className="flex flex-col gap-1">
          <Label htmlFor="quote-name">{t("name")}</Label>
          <Input id="quote-name" value={name} onChange={(e) => setName(e.target.value)} />
        </span>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="quote-search">{t("search")}</Label>
        <Input
          id="quote-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-sm"
        />
        {search && found.data ? (
          <ul className="flex flex-col gap-1" data-testid="quote-products">
            {found.data.products.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="text-left text-primary underline-offset-2 hover:underline"
                  onClick={() => {
                    add({ product_id: p.id, description: p.name, unit_price: p.price });
                    setQ("");
                  }}
                >
                  {p.sku} · {p.name} · {Money.format(p.price)}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <Button
          type="button"
          variant="outline"
          className="self-start"
          onClick={() => add({ description: "", unit_price: "" })}
        >
          {t("add_text_line")}
        </Button>
      </div>
      {lines.map((line, index) => (
        <div key={line.key} className="flex flex-wrap items-center gap-2" data-testid="quote-line">
          <Input
            aria-label={t("description", { n: index + 1 })}
            value={line.description}
            readOnly={Boolean(line.product_id)}
            onChange={(e) => update(line.key, { description: e.target.value })}
            className="max-w-xs"
          />
          <Input
            aria-label={t("unit_price", { n: index + 1 })}
            inputMode="decimal"
            value={line.unit_price}
            readOnly={Boolean(line.product_id)}
            onChange={(e) => update(line.key, { unit_price: e.target.value })}
            className="w-28"
          />
          <Input
            aria-label={t("qty", { n: index + 1 })}
            inputMode="numeric"
            value={line.qty}
            onChange={(e) => update(line.key, { qty: e.target.value })}
            className="w-20"
          />
          <DiscountInput
            label={t("line_discount", { n: index + 1 })}
            value={line.discount}
            onChange={(next) => update(line.key, { discount: next })}
          />
          <Button
            type="button"
            variant="ghost"
            onClick={() => setLines((current) => current.filter((l) => l.key !== line.key))}
          >
            {t("remove")}
          </Button>
        </div>
      ))}
      <div className="flex items-center gap-2">
        <Label>{t("cart_discount")}</Label>
        <DiscountInput label={t("cart_discount")} value={discount} onChange={setDiscount} />
      </div>
      <span className="flex flex-col gap-1">
        <Label htmlFor="quote-notes">{t("notes")}</Label>
        <textarea
          id="quote-notes"
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          className="min-h-16 rounded-md border border-input bg-background px-3 py-2 text-sm"
        />
      </span>
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {failure}
        </p>
      ) : null}
      <Button type="submit" disabled={busy} className="self-start">
        {t("save")}
      </Button>
    </form>
  );
}

/** One quote: its lines and totals, the customer's decision, and Send / Convert. */
function QuoteDetail({ id, onChanged, onClose }: { id: string; onChanged: () => void; onClose: () => void }) {
  const t = useTranslations("quotes.detail");
  const errorText = useErrorText();
  const format = useShopFormat();
  const state = useApi<Quote>(`/quotes/${id}`);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [invoiceId, setInvoiceId] = useState<string>();

  const act = async (run: () => Promise<void>, codes: Record<string, string> = {}) => {
    setFailure(undefined);
    setBusy(true);
    try {
      await run();
      onChanged();
    } catch (error) {
      const known = error instanceof ApiError ? codes[error.code] : undefined;
      setFailure(known ?? errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const send = () =>
    act(async () => state.set(await api.post<Quote>(`/quotes/${id}/send`)), {
      "quote.no_whatsapp": t("no_whatsapp"),
    });
  // One key per click: a retried request of the same click converts once, a new click asks anew.
  const convert = () =>
    act(async () => {
      const invoice = await api.post<PostQuotesByIdConvertResponse>(`/quotes/${id}/convert`, {
        idempotency_key: newKey(),
      });
      setInvoiceId(invoice.id);
      state.retry();
    });

  return (
    <section className="mb-6 rounded-md border p-4" data-testid="quote-detail">
      <DataState state={state} rows={4}>
        {(quote) => (
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap items-center gap-3">
              <h2 className="text-lg font-semibold">{quote.number}</h2>
              <StatusBadge status={quote.status} />
              <span className="text-sm text-muted-foreground">
                {quote.customer.name} · {format.phone(quote.customer.phone)}
              </span>
              <Button variant="ghost" className="ml-auto" onClick={onClose}>
                {t("close")}
              </Button>
            </div>
            <p className="text-sm">
              {quote.valid_until ? t("valid_until", { date: format.date(quote.valid_until) }) : null}
              {quote.sent_at ? ` · ${t("sent_at", { time: format.dateTime(quote.sent_at) })}` : null}
            </p>
            {quote.decided_at && (quote.status === "accepted" || quote.status === "declined") ? (
              <p className="text-sm" data-testid="decision">
                {t(`decision.${quote.status}`, { time: format.dateTime(quote.decided_at) })}
              </p>
            ) : null}
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("line")}</TableHead>
                  <TableHead className="text-right">{t("qty")}</TableHead>
                  <TableHead className="text-right">{t("unit_price")}</TableHead>
                  <TableHead className="text-right">{t("discount")}</TableHead>
                  <TableHead className="text-right">{t("tax")}</TableHead>
                  <TableHead className="text-right">{t("line_total")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {quote.lines.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a quote's lines never change order
                  <TableRow key={index}>
                    <TableCell>{line.description}</TableCell>
                    <TableCell className="text-right tabular-nums">{line.qty}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(line.unit_price)}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(line.discount)}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(line.tax)}</TableCell>
                    <TableCell className="text-right tabular-nums">{Money.format(line.line_total)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <dl className="grid max-w-xs grid-cols-2 gap-1 text-sm tabular-nums">
              {printedTotals(quote).map((row) => (
                <div key={row.kind} className={`contents ${row.kind === "total" ? "font-semibold" : ""}`}>
                  <dt>{t(`totals.${row.kind}`)}</dt>
                  <dd className="text-right" data-testid={row.kind === "total" ? "quote-total" : undefined}>
                    {Money.format(row.amount)}
                  </dd>
                </div>
              ))}
            </dl>
            {quote.notes ? <p className="whitespace-pre-wrap text-sm">{quote.notes}</p> : null}
            {failure ? (
              <p role="alert" className="text-sm text-destructive">
                {failure}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" disabled={busy} onClick={send}>
                {t("send")}
              </Button>
              <Button disabled={busy || quote.status === "converted"} onClick={convert}>
                {t("convert")}
              </Button>
              <Button
                variant="outline"
                onClick={() =>
                  openFile(
                    async () => (await api.download(`/quotes/${id}/pdf`)).blob,
                    "application/pdf",
                  ).catch((error: unknown) => setFailure(errorText(error)))
                }
              >
                {t("pdf")}
              </Button>
            </div>
            {invoiceId || quote.invoice_id ? (
              <p className="flex gap-4 text-sm" data-testid="converted">
                <Link
                  className="text-primary underline"
                  href={`/pos/receipt/${invoiceId ?? quote.invoice_id}`}
                >
                  {t("receipt")}
                </Link>
                <Link className="text-primary underline" href="/invoices">
                  {t("invoices")}
                </Link>
              </p>
            ) : null}
          </div>
        )}
      </DataState>
    </section>
  );
}
