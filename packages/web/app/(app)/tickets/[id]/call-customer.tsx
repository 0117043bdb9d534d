"use client";

import { LoaderCircle, PhoneCall } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useCallback, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { ApiError, api } from "@/lib/api";
import { phone, useShopFormat } from "@/lib/format";
import type { TicketEvent, TicketView } from "../model";
import { useTicketText } from "../use-ticket-text";

/**
 * Why the flag was raised, in the reader's language, from a CALL_CUSTOMER event's data; the
 * API's English reason when the event says nothing we know.
 */
export function useCallCustomerReason() {
  const t = useTranslations("ticket.call_customer");
  const td = useTranslations("ticket.delivery");
  return useCallback(
    (data: Record<string, unknown> | undefined, fallback: string | null = null) => {
      if (data?.cause === "failed") return t("reason_failed", { reason: String(data.failure_reason ?? "—") });
      if (data?.cause === "deadline")
        return t("reason_deadline", {
          minutes: Number(data.deadline_minutes ?? 0),
          status: td.has(String(data.status)) ? td(String(data.status)) : String(data.status),
        });
      return fallback ?? t("reason_unknown");
    },
    [t, td],
  );
}

/**
 * The ticket page's banner while the ticket is flagged: why, since when, and "Called — done"
 * with an optional note for the timeline. Every staff role may clear it.
 */
export function CallCustomerBanner({
  view,
  onDone,
  onStale,
}: {
  view: TicketView;
  onDone: (view: TicketView) => void;
  /** Someone else cleared it first: show the ticket as it is now. */
  onStale: () => void;
}) {
  const t = useTranslations("ticket.call_customer");
  const shop = useShopFormat();
  const notify = useToast();
  const reasonOf = useCallCustomerReason();
  const { stepError } = useTicketText();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const { ticket } = view;
  if (!ticket.call_customer_at) return null;

  const flag = view.events.findLast((event: TicketEvent) => event.type === "CALL_CUSTOMER");
  const since = shop.dateTime(ticket.call_customer_at);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await api.post<TicketView>(
        `/tickets/${encodeURIComponent(ticket.id)}/call-customer/done`,
        { note: note.trim() || undefined },
      );
      setNote("");
      notify("success", t("done", { number: ticket.number }));
      onDone(next);
    } catch (error) {
      if (error instanceof ApiError && error.code === "ticket.call_customer_not_flagged") {
        notify("success", t("already_done", { number: ticket.number }));
        onStale();
      } else setProblem(stepError(error, ticket.number));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Alert variant="warning" data-testid="call-customer">
      <PhoneCall aria-hidden="true" />
      <AlertTitle>{t("title", { phone: phone(ticket.customer.phone) })}</AlertTitle>
      <AlertDescription className="flex flex-col gap-3">
        <p>
          {reasonOf(flag?.data, ticket.call_customer_reason)}{" "}
          <span className="text-muted-foreground">{t("since", { time: since })}</span>
        </p>
        <form onSubmit={submit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <Label htmlFor="call-customer-note">{t("note")}</Label>
            <Input
              id="call-customer-note"
              value={note}
              maxLength={2000}
              autoComplete="off"
              placeholder={t("note_placeholder")}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <Button type="submit" disabled={busy} data-testid="call-customer-done">
            {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
            {t("submit")}
          </Button>
        </form>
        {problem ? (
          <p className="text-sm text-destructive" role="alert">
            {problem}
          </p>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
