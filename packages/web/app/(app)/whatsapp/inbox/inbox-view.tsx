"use client";

import { BotOff, Flag, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { phone, useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { cn } from "@/lib/utils";
import { ConversationPane } from "./conversation";
import { CustomerPanel } from "./customer-panel";
import { POLL_MS, THREADS_PATH, type Thread, type ThreadList } from "./model";

/**
 * The staff inbox: the chats (flagged for staff first), the open chat with its reply box, and
 * the customer's repairs and invoices beside it. The list and the open chat are asked again
 * every few seconds, so a customer's new message shows without reloading.
 */
export function InboxView() {
  const t = useTranslations("inbox");
  const list = useApi<ThreadList>(THREADS_PATH, { refreshInterval: POLL_MS });
  const [selected, setSelected] = useState<string>();
  // The reply being typed belongs to its chat: switching chats starts an empty box.
  const [draft, setDraft] = useState({ thread: "", text: "" });
  const text = draft.thread === selected ? draft.text : "";
  const setText = (update: (current: string) => string) =>
    setDraft((current) => ({
      thread: selected ?? "",
      text: update(current.thread === selected ? current.text : ""),
    }));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {list.error && list.data ? (
        <Alert variant="warning" role="status" className="mb-4">
          <TriangleAlert aria-hidden="true" />
          <AlertDescription>{t("stale")}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[18rem_minmax(0,1fr)] xl:grid-cols-[18rem_minmax(0,1fr)_18rem]">
        <section aria-label={t("threads")} className="min-w-0">
          <DataState state={list} isEmpty={(data) => !data.threads.length} empty={t("empty")} rows={4}>
            {(data) => (
              <ul className="flex max-h-[75vh] flex-col gap-1 overflow-y-auto" data-testid="inbox-threads">
                {data.threads.map((thread) => (
                  <li key={thread.id}>
                    <ThreadRow
                      thread={thread}
                      selected={thread.id === selected}
                      onSelect={() => setSelected(thread.id)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </DataState>
        </section>
        {selected ? (
          <>
            <ConversationPane
              key={selected}
              id={selected}
              text={text}
              setText={setText}
              onThreadChanged={list.retry}
            />
            <CustomerPanel
              key={`${selected}-side`}
              id={selected}
              onInsert={(url) => setText((current) => (current.trim() ? `${current.trimEnd()} ${url}` : url))}
            />
          </>
        ) : (
          <p className="rounded-xl border border-dashed p-6 text-muted-foreground" data-testid="inbox-choose">
            {t("choose")}
          </p>
        )}
      </div>
    </>
  );
}

/** One chat in the list: who, what was said last and by whom, unread, flagged, paused. */
function ThreadRow({
  thread,
  selected,
  onSelect,
}: {
  thread: Thread;
  selected: boolean;
  onSelect: () => void;
}) {
  const t = useTranslations("inbox");
  const shop = useShopFormat();
  const last = thread.last_message;
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected ? "true" : undefined}
      data-testid="inbox-thread"
      data-phone={thread.phone}
      className={cn(
        "flex w-full flex-col gap-1 rounded-lg border p-3 text-left text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
        selected && "border-primary bg-accent",
        thread.needs_staff_at && "border-warning/60",
      )}
    >
      <span className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium">
          {thread.customer?.name ?? phone(thread.phone)}
        </span>
        {thread.unread_count ? (
          <Badge aria-label={t("unread", { count: thread.unread_count })} data-testid="unread-count">
            {thread.unread_count}
          </Badge>
        ) : null}
      </span>
      {thread.customer ? <span className="text-xs text-muted-foreground">{phone(thread.phone)}</span> : null}
      {last ? (
        <span className="truncate text-xs text-muted-foreground" data-testid="last-message">
          {t("last_from", { speaker: t(`speaker.${last.author}`), text: last.text ?? t("media_only") })}
        </span>
      ) : null}
      <span className="flex flex-wrap items-center gap-1">
        {thread.needs_staff_at ? (
          <Badge variant="warning" data-testid="needs-staff">
            <Flag className="size-3" aria-hidden="true" />
            {t("needs_staff")}
          </Badge>
        ) : null}
        {thread.bot_paused_until ? (
          <Badge variant="secondary" data-testid="paused">
            <BotOff className="size-3" aria-hidden="true" />
            {t("paused")}
          </Badge>
        ) : null}
        {thread.last_at ? (
          <time className="ml-auto text-[11px] text-muted-foreground" dateTime={thread.last_at}>
            {shop.dateTime(thread.last_at)}
          </time>
        ) : null}
      </span>
    </button>
  );
}
