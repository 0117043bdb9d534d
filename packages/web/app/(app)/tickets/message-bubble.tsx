"use client";

import { Check, CheckCheck, CircleAlert, Clock, ImageIcon, Paperclip } from "lucide-react";
import { useTranslations } from "next-intl";
import { useShopFormat } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { ChatMessage, MessageStatus } from "./model";

/** WhatsApp's own signs: one tick sent, two delivered, two blue read. */
function Ticks({ status }: { status: MessageStatus }) {
  const t = useTranslations("ticket.delivery");
  if (status === "received") return null;
  const icon =
    status === "queued" ? (
      <Clock className="size-3.5" aria-hidden="true" />
    ) : status === "sent" || status === "server_ack" ? (
      <Check className="size-3.5" aria-hidden="true" />
    ) : status === "delivered" ? (
      <CheckCheck className="size-3.5" aria-hidden="true" />
    ) : status === "read" ? (
      <CheckCheck className="size-3.5 text-sky-600 dark:text-sky-400" aria-hidden="true" />
    ) : (
      <CircleAlert className="size-3.5 text-destructive" aria-hidden="true" />
    );
  return (
    <span className="inline-flex items-center gap-0.5" title={t(status)} data-delivery={status}>
      {icon}
      <span className="sr-only">{t(status)}</span>
    </span>
  );
}

/** What a bubble shows: a ticket's or customer's message (`media_key`), or the inbox's (`media_url`, signed). */
export type BubbleMessage = Pick<
  ChatMessage,
  "direction" | "author" | "kind" | "text" | "status" | "created_at" | "failure_reason"
> & { media_key?: string | null; media_url?: string | null };

/** The message's photo or file: shown and opened where the inbox signed a link to it, else only named. */
function Media({ message }: { message: BubbleMessage }) {
  const t = useTranslations("ticket.messages");
  const name = message.kind === "image" ? t("media") : t("attachment");
  if (!message.media_url)
    return (
      <p className="flex items-center gap-1 text-muted-foreground">
        <ImageIcon className="size-4" aria-hidden="true" />
        {name}
      </p>
    );
  return (
    <a href={message.media_url} target="_blank" rel="noreferrer" className="mb-1 block">
      {message.kind === "image" ? (
        // biome-ignore lint/performance/noImgElement: a presigned storage URL, not a static asset next/image could optimise
        <img src={message.media_url} alt={name} className="max-h-56 rounded-lg" data-testid="message-photo" />
      ) : (
        <span className="flex items-center gap-1 underline underline-offset-2">
          <Paperclip className="size-4" aria-hidden="true" />
          {name}
        </span>
      )}
    </a>
  );
}

/** One WhatsApp message: the shop's on the right, the customer's on the left. */
export function MessageBubble({ message }: { message: BubbleMessage }) {
  const t = useTranslations("ticket.messages");
  const shop = useShopFormat();
  const outgoing = message.direction === "out";
  const time = shop.dateTime(message.created_at);
  return (
    <div
      className={cn("flex", outgoing ? "justify-end" : "justify-start")}
      data-message={message.direction}
      data-author={message.author}
    >
      <div
        className={cn(
          "max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-xs",
          outgoing
            ? "rounded-br-sm bg-emerald-50 text-foreground dark:bg-emerald-950/60"
            : "rounded-bl-sm border bg-card",
        )}
      >
        <p className="mb-0.5 text-xs font-medium text-muted-foreground">{t(`author.${message.author}`)}</p>
        {message.media_key || message.media_url ? <Media message={message} /> : null}
        {message.text ? <p className="whitespace-pre-wrap break-words">{message.text}</p> : null}
        <p className="mt-1 flex items-center justify-end gap-1 text-[11px] text-muted-foreground">
          <time dateTime={message.created_at}>{time}</time>
          {outgoing ? <Ticks status={message.status} /> : null}
        </p>
        {message.status === "failed" && message.failure_reason ? (
          <p className="mt-1 text-xs text-destructive">{t("failed", { reason: message.failure_reason })}</p>
        ) : null}
      </div>
    </div>
  );
}
