"use client";

import { LoaderCircle, UserRoundPen } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import type { TicketView } from "../model";
import { useTicketText } from "../use-ticket-text";

type Field = "name" | "email" | "address" | "language" | "whatsapp";
type Change = { field: Field; typed: string; on_file: string | null };

/**
 * What the intake form typed that differs from the customer on file. An intake never rewrites
 * a customer (anyone can type anyone's number), so staff who know the customer accept each
 * detail, or all, or dismiss them; every decision is audited. Only the workshop edits
 * customers, as in the API's permission table.
 */
export function CustomerChanges({
  view,
  canEdit,
  onDone,
}: {
  view: TicketView;
  canEdit: boolean;
  onDone: (view: TicketView) => void;
}) {
  const t = useTranslations("ticket.customer_changes");
  const notify = useToast();
  const { stepError } = useTicketText();
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const changes = (view as TicketView & { customer_changes?: Change[] }).customer_changes ?? [];
  if (!changes.length) return null;

  const value = (change: Change, which: "typed" | "on_file") => {
    const text = change[which];
    if (change.field === "language" && text) return t(`languages.${text}` as "languages.en");
    if (change.field === "whatsapp" && text) return t(`consent.${text}` as "consent.opted_in");
    return text || t("empty");
  };

  const decide = async (accept: Field[], dismiss: Field[], label: string) => {
    setBusy(label);
    setProblem(undefined);
    try {
      const next = await api.post<TicketView>(
        `/tickets/${encodeURIComponent(view.ticket.id)}/customer-changes`,
        { accept, dismiss },
      );
      notify("success", t("saved"));
      onDone(next);
    } catch (error) {
      setProblem(stepError(error, view.ticket.number));
    } finally {
      setBusy(undefined);
    }
  };
  const all = changes.map((change) => change.field);

  return (
    <Alert data-testid="customer-changes">
      <UserRoundPen aria-hidden="true" />
      <AlertTitle>{t("title")}</AlertTitle>
      <AlertDescription className="flex flex-col gap-3">
        <p>{t("body")}</p>
        <ul className="flex flex-col gap-2">
          {changes.map((change) => (
            <li
              key={change.field}
              className="flex flex-col gap-2 rounded-md border p-2 sm:flex-row sm:items-center"
              data-field={change.field}
            >
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium">{t(`fields.${change.field}`)}</p>
                <p className="[overflow-wrap:anywhere]">
                  {t("typed")}: <strong>{value(change, "typed")}</strong>
                </p>
                <p className="text-muted-foreground [overflow-wrap:anywhere]">
                  {t("on_file")}: {value(change, "on_file")}
                </p>
              </div>
              {canEdit ? (
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    disabled={busy !== undefined}
                    onClick={() => decide([change.field], [], change.field)}
                  >
                    {busy === change.field ? (
                      <LoaderCircle className="animate-spin" aria-hidden="true" />
                    ) : null}
                    {t("accept")}
                  </Button>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={busy !== undefined}
                    onClick={() => decide([], [change.field], `${change.field}:dismiss`)}
                  >
                    {t("dismiss")}
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit && changes.length > 1 ? (
          <div className="flex gap-2">
            <Button size="sm" disabled={busy !== undefined} onClick={() => decide(all, [], "all")}>
              {t("accept_all")}
            </Button>
            <Button
              size="sm"
              variant="outline"
              disabled={busy !== undefined}
              onClick={() => decide([], all, "none")}
            >
              {t("dismiss_all")}
            </Button>
          </div>
        ) : null}
        {problem ? (
          <p className="text-sm text-destructive" role="alert">
            {problem}
          </p>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
