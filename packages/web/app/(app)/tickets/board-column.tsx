"use client";

import { useDroppable } from "@dnd-kit/core";
import { ChevronDown, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { Status } from "./model";
import { PAGE } from "./use-board";

export type MoreButton = { loading: boolean; failed: boolean; load: () => void };

export function Column({
  status,
  shown,
  count,
  more,
  children,
}: {
  status: Status;
  shown: number;
  count: number;
  more: MoreButton | undefined;
  children: ReactNode;
}) {
  const t = useTranslations("kanban");
  const ts = useTranslations("ticket.status");
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const headingId = `column-${status}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-column={status}
      className={cn(
        "flex w-[82vw] max-w-80 shrink-0 snap-start flex-col rounded-xl border bg-muted/40 sm:w-72 xl:w-auto xl:max-w-none",
        isOver && "border-primary bg-accent/60",
      )}
    >
      <header className="flex items-baseline justify-between gap-2 px-3 pb-2 pt-3">
        <h2 id={headingId} className="text-sm font-semibold">
          {ts(status)}
        </h2>
        <span className="text-xs tabular-nums text-muted-foreground" data-testid="column-count">
          {status === "CLOSED" ? t("closed_count", { count }) : count}
        </span>
      </header>
      {shown ? (
        // A column scrolls inside itself: however many tickets it holds, the board fits the screen.
        // `relative` keeps the cards' screen-reader text (absolutely placed) inside the scroll box.
        <ul
          className="relative flex max-h-[max(20rem,calc(100dvh-20rem))] min-h-40 flex-1 flex-col gap-2 overflow-y-auto overscroll-contain px-2 pb-2"
          data-testid="column-cards"
        >
          {children}
          {more ? (
            <li className="flex flex-col items-stretch gap-1 pt-1">
              <Button variant="outline" size="sm" disabled={more.loading} onClick={more.load}>
                {more.loading ? (
                  <LoaderCircle className="animate-spin" aria-hidden="true" />
                ) : (
                  <ChevronDown aria-hidden="true" />
                )}
                {more.loading ? t("loading_more") : t("show_more", { count: Math.min(PAGE, count - shown) })}
              </Button>
              <span className="text-center text-xs text-muted-foreground">
                {t("showing", { shown, count })}
              </span>
              {more.failed ? (
                <span role="alert" className="text-center text-xs text-destructive">
                  {t("more_failed")}
                </span>
              ) : null}
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="flex min-h-40 flex-1 items-start px-3 pb-3 text-sm text-muted-foreground">
          {t("empty")}
        </p>
      )}
    </section>
  );
}
