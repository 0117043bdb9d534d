"use client";

import { CircleAlert, CloudOff, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useShopFormat } from "@/lib/format";
import { isSending, type Pending } from "./outbox";

type Props = { pending: Pending[]; onRetry: () => void; onDismiss: (key: string) => void };

/** Sales kept in this browser: waiting for the connection, or refused and waiting for the cashier. */
export function OutboxList({ pending, onRetry, onDismiss }: Props) {
  const t = useTranslations("pos.outbox");
  const shop = useShopFormat();
  if (pending.length === 0) return null;
  return (
    <section
      aria-labelledby="outbox-title"
      className="flex flex-col gap-2 rounded-xl border border-warning/50 bg-warning/5 p-3"
      data-testid="outbox"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="outbox-title" className="flex items-center gap-2 font-semibold">
          <CloudOff className="size-5" aria-hidden="true" />
          {t("title")}
        </h2>
        <Button variant="outline" size="sm" onClick={onRetry}>
          {t("retry")}
        </Button>
      </div>
      <ul className="flex flex-col gap-2">
        {pending.map((entry) => (
          <li
            key={entry.key}
            data-outbox={entry.key}
            data-state={entry.refused ? "refused" : isSending(entry.key) ? "sending" : "waiting"}
            className="flex flex-wrap items-center justify-between gap-2 rounded-lg border bg-card p-3 text-sm"
          >
            <span className="min-w-0">
              <span className="block font-medium tabular-nums">
                {t("lines", { count: entry.summary.items, total: entry.summary.total })}
              </span>
              <span className="block text-xs text-muted-foreground">{shop.dateTime(entry.created_at)}</span>
              {entry.refused ? (
                <span role="alert" className="mt-1 flex items-start gap-1 text-destructive">
                  <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  {t("refused", { message: entry.refused.message })}
                </span>
              ) : (
                <span className="mt-1 flex items-center gap-1 text-muted-foreground">
                  {isSending(entry.key) ? (
                    <>
                      <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
                      {t("sending")}
                    </>
                  ) : (
                    t("waiting")
                  )}
                </span>
              )}
            </span>
            {entry.refused ? (
              <Button variant="outline" size="sm" onClick={() => onDismiss(entry.key)}>
                {t("dismiss")}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
