"use client";

import { Money } from "@wapos/core/money/index";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import type { GetShiftsCurrentResponse, PostShiftsByIdCloseResponse } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { toSen } from "./cart";

type Report = PostShiftsByIdCloseResponse;

/**
 * The cash drawer on the counter: the open shift (who opened it, the float, the cash expected
 * now), opening one with a float, and closing it with the counted cash, after which the shift
 * report shows what was expected, counted, the variance and the money by method.
 */
export function ShiftBar() {
  const t = useTranslations("shift");
  const format = useFormatter();
  const errorText = useErrorText();
  const state = useApi<GetShiftsCurrentResponse>("/shifts/current");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [closing, setClosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [report, setReport] = useState<Report>();
  const sen = toSen(amount);
  const valid = sen !== undefined;
  const shift = state.data?.shift;

  const send = async (write: () => Promise<void>) => {
    if (!valid) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await write();
      setAmount("");
      setNote("");
      setClosing(false);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    send(async () => {
      const opened = await api.post<Report>("/shifts", { opening_float: amount.trim() });
      setReport(undefined);
      state.set({ shift: opened });
    });

  const close = (id: string) =>
    send(async () => {
      const closed = await api.post<Report>(`/shifts/${id}/close`, {
        counted_cash: amount.trim(),
        note: note.trim() || undefined,
      });
      setReport(closed);
      state.set({ shift: null });
    });

  if (state.error)
    return (
      <p role="alert" className="text-sm text-destructive">
        {errorText(state.error)}
      </p>
    );
  if (!state.data) return null;

  const amountInput = (id: string, label: string) => (
    <span className="flex items-center gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        inputMode="decimal"
        placeholder="0.00"
        value={amount}
        aria-invalid={amount !== "" && !valid}
        onChange={(e) => setAmount(e.target.value)}
        className="w-28"
      />
    </span>
  );

  return (
    <section
      className="flex flex-col gap-3 rounded-md border p-3"
      aria-label={t("title")}
      data-testid="shift-bar"
      data-shift={shift ? "open" : "none"}
    >
      <form
        className="flex flex-wrap items-center gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!shift) void open();
          else if (closing) void close(shift.id);
        }}
      >
        {shift ? (
          <>
            <span className="text-sm" data-testid="shift-open">
              {t("open_since", {
                name: shift.opened_by.name,
                time: format.dateTime(new Date(shift.opened_at), { timeStyle: "short" }),
              })}{" "}
              · {t("float", { amount: Money.format(shift.opening_float) })} ·{" "}
              {t("expected", { amount: Money.format(shift.expected_cash) })}
            </span>
            {closing ? (
              <>
                {amountInput("shift-counted", t("counted_label"))}
                <Input
                  aria-label={t("note")}
                  placeholder={t("note")}
                  value={note}
                  maxLength={1000}
                  onChange={(e) => setNote(e.target.value)}
                  className="w-48"
                />
                <Button type="submit" disabled={!valid || amount === "" || busy}>
                  {t("confirm_close")}
                </Button>
                <Button type="button" variant="ghost" onClick={() => setClosing(false)}>
                  {t("cancel")}
                </Button>
              </>
            ) : (
              <Button type="button" variant="outline" className="ml-auto" onClick={() => setClosing(true)}>
                {t("close")}
              </Button>
            )}
          </>
        ) : (
          <>
            <span className="text-sm text-muted-foreground">{t("none")}</span>
            {amountInput("shift-float", t("float_label"))}
            <Button type="submit" disabled={!valid || amount === "" || busy}>
              {t("open")}
            </Button>
          </>
        )}
      </form>
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {failure}
        </p>
      ) : null}
      {report ? <ShiftReport report={report} onDismiss={() => setReport(undefined)} /> : null}
    </section>
  );
}

function ShiftReport({ report, onDismiss }: { report: Report; onDismiss: () => void }) {
  const t = useTranslations("shift");
  const tm = useTranslations("pos.pay.method");
  const rows: [string, string | null, string?][] = [
    [t("report.float"), report.opening_float],
    [t("report.sales", { count: report.sales_count }), report.sales_total],
    [t("report.refunds", { count: report.refunds_count }), report.refunds_total],
    [t("report.cash_received"), report.cash_received],
    [t("report.cash_refunded"), report.cash_refunded],
    [t("report.expected"), report.expected_cash, "expected"],
    [t("report.counted"), report.counted_cash, "counted"],
    [t("report.variance"), report.variance, "variance"],
  ];
  return (
    <div className="flex flex-col gap-2" data-testid="shift-report">
      <h3 className="font-semibold">{t("report.title")}</h3>
      <dl className="grid max-w-md grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, amount, id]) => (
          <div key={label} className="contents">
            <dt>{label}</dt>
            <dd className="text-right tabular-nums" data-testid={id}>
              {amount === null ? "—" : Money.format(amount)}
            </dd>
          </div>
        ))}
      </dl>
      {report.by_method.length ? (
        <table className="max-w-md text-sm">
          <thead>
            <tr>
              <th className="text-left font-medium">{t("report.method")}</th>
              <th className="text-right font-medium">{t("report.received")}</th>
              <th className="text-right font-medium">{t("report.refunded")}</th>
              <th className="text-right font-medium">{t("report.net")}</th>
            </tr>
          </thead>
          <tbody>
            {report.by_method.map((m) => (
              <tr key={m.method}>
                <td>{tm(m.method)}</td>
                <td className="text-right tabular-nums">{Money.format(m.received)}</td>
                <td className="text-right tabular-nums">{Money.format(m.refunded)}</td>
                <td className="text-right tabular-nums">{Money.format(m.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div>
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          {t("report.dismiss")}
        </Button>
      </div>
    </div>
  );
}
