"use client";

import { Bot, BotOff, Flag, LoaderCircle, Send } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { DataState } from "@/components/data-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import { phone, useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { useApi } from "@/lib/use-api";
import { MessageBubble } from "../../tickets/message-bubble";
import { PhotoPicker, usePhotoUploads } from "../../tickets/photo-picker";
import { type Conversation, POLL_MS, type Replied, type Thread, threadPath } from "./model";

type Props = {
  id: string;
  text: string;
  setText: (update: (current: string) => string) => void;
  /** The chat changed (read, replied, taken over): the list shows it at once. */
  onThreadChanged: () => void;
};

/** The open chat: who it is with, whether the assistant is paused, the messages and the reply box. */
export function ConversationPane({ id, text, setText, onThreadChanged }: Props) {
  const t = useTranslations("inbox");
  const state = useApi<Conversation>(threadPath(id), { refreshInterval: POLL_MS });
  const thread = state.data?.thread;
  const messages = state.data?.messages ?? [];
  const lastId = messages.at(-1)?.id;
  const unread = thread?.unread_count ?? 0;
  const list = useRef<HTMLOListElement>(null);

  // What the open chat shows counts as read, a message arriving while it is open included. A
  // failed call leaves the count, and the next message to arrive asks again.
  useEffect(() => {
    if (!unread || !lastId) return;
    api.post<Thread>(`${threadPath(id)}/read`).then(onThreadChanged, () => undefined);
  }, [id, unread, lastId, onThreadChanged]);

  // The newest message in view, as on a phone.
  useEffect(() => {
    if (lastId && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [lastId]);

  const changed = (next: Partial<Conversation>) => {
    state.set((current) => (current ? { ...current, ...next } : current));
    onThreadChanged();
  };

  return (
    <Card className="min-w-0" data-testid="inbox-conversation" aria-busy={!state.data}>
      <DataState state={state} rows={3} className="p-6">
        {(data) => (
          <>
            <ThreadHeader thread={data.thread} onChanged={(thread) => changed({ thread })} />
            <CardContent className="flex flex-col gap-4">
              {data.messages.length ? (
                <ol
                  ref={list}
                  className="flex max-h-[55vh] min-h-48 flex-col gap-2 overflow-y-auto"
                  data-testid="inbox-messages"
                >
                  {data.messages.map((message) => (
                    <li key={message.id}>
                      <MessageBubble message={message} />
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-sm text-muted-foreground">{t("no_messages")}</p>
              )}
              <ReplyBox
                id={id}
                text={text}
                setText={setText}
                onSent={(replied) =>
                  changed({ thread: replied.thread, messages: [...data.messages, replied.message] })
                }
              />
            </CardContent>
          </>
        )}
      </DataState>
    </Card>
  );
}

/** The chat's customer, its flag and the assistant's state, with take over or hand back. */
function ThreadHeader({ thread, onChanged }: { thread: Thread; onChanged: (thread: Thread) => void }) {
  const t = useTranslations("inbox");
  const shop = useShopFormat();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const paused = thread.bot_paused_until;

  const act = async (step: "takeover" | "hand-back") => {
    setBusy(true);
    setProblem(undefined);
    try {
      onChanged(await api.post<Thread>(`${threadPath(thread.id)}/${step}`));
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 border-b">
      <div className="min-w-0">
        <CardTitle data-testid="conversation-name">{thread.customer?.name ?? t("unknown_number")}</CardTitle>
        <p className="text-sm text-muted-foreground">{phone(thread.phone)}</p>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="assistant-state">
          {thread.needs_staff_at ? (
            <Badge variant="warning">
              <Flag className="size-3" aria-hidden="true" />
              {t("needs_staff")}
            </Badge>
          ) : null}
          {paused ? (
            <Badge variant="secondary" className="whitespace-normal" data-testid="paused-until">
              <BotOff className="size-3" aria-hidden="true" />
              {thread.takeover_by
                ? t("paused_by", { time: shop.dateTime(paused), name: thread.takeover_by.name })
                : t("paused_until", { time: shop.dateTime(paused) })}
            </Badge>
          ) : (
            <span className="text-muted-foreground">{t("assistant_answers")}</span>
          )}
        </p>
        {problem ? (
          <p className="mt-1 text-sm text-destructive" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      {paused ? (
        <Button variant="outline" size="sm" disabled={busy} onClick={() => act("hand-back")}>
          <Bot aria-hidden="true" />
          {t("hand_back")}
        </Button>
      ) : (
        <Button variant="outline" size="sm" disabled={busy} onClick={() => act("takeover")}>
          <BotOff aria-hidden="true" />
          {t("takeover")}
        </Button>
      )}
    </CardHeader>
  );
}

/** Staff's reply; sending it pauses the assistant in the chat (the API does, and says until when). */
function ReplyBox({
  id,
  text,
  setText,
  onSent,
}: Pick<Props, "id" | "text" | "setText"> & { onSent: (replied: Replied) => void }) {
  const t = useTranslations("inbox.reply");
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const uploads = usePhotoUploads(`${threadPath(id)}/photos`);
  const ready = Boolean(text.trim() || uploads.keys.length) && !uploads.busy;

  // Each photo goes as its own WhatsApp image, the text as the first one's caption.
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const bodies = uploads.keys.length
        ? uploads.keys.map((photo, i) => ({ text: i === 0 ? text.trim() : "", photo }))
        : [{ text: text.trim() }];
      let replied: Replied | undefined;
      for (const body of bodies) replied = await api.post<Replied>(`${threadPath(id)}/reply`, body);
      setText(() => "");
      uploads.reset();
      onSent(replied!);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2 border-t pt-4" data-testid="reply-box">
      <Label htmlFor="inbox-reply">{t("label")}</Label>
      <Textarea
        id="inbox-reply"
        value={text}
        maxLength={4096}
        placeholder={t("placeholder")}
        onChange={(event) => {
          const next = event.target.value;
          setText(() => next);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
        }}
      />
      <PhotoPicker id="inbox-photos" label={t("photos")} uploads={uploads} />
      {problem ? (
        <p className="text-sm text-destructive" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted-foreground">{t("hint")}</p>
        <Button type="submit" disabled={busy || !ready}>
          {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : <Send aria-hidden="true" />}
          {t("send")}
        </Button>
      </div>
    </form>
  );
}
