"use client";

import { useTranslations } from "next-intl";
import { useShopFormat } from "@/lib/format";
import { MessageBubble } from "../message-bubble";
import { type ChatMessage, formatRm, type Photo, type TicketEvent } from "../model";
import { usePeople } from "../people";
import { useCallCustomerReason } from "./call-customer";

type Paid = { method: string; amount: string };
type Item = { at: string; event: TicketEvent } | { at: string; message: ChatMessage };

/** Events and WhatsApp messages in one line by time, oldest first, as the repair happened. */
export function Timeline({
  events,
  messages,
  onPhoto,
}: {
  events: TicketEvent[];
  messages: ChatMessage[];
  onPhoto: (photo: Photo) => void;
}) {
  const t = useTranslations("ticket.timeline");
  const items: Item[] = [
    ...events.map((event) => ({ at: event.created_at, event })),
    ...messages.map((message) => ({ at: message.created_at, message })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!items.length) return <p className="text-sm text-muted-foreground">{t("empty")}</p>;
  return (
    <ol className="flex flex-col gap-3" data-testid="timeline">
      {items.map((item) =>
        "event" in item ? (
          <li key={`e-${item.event.id}`}>
            <EventRow event={item.event} onPhoto={onPhoto} />
          </li>
        ) : (
          <li key={`m-${item.message.id}`}>
            <MessageBubble message={item.message} />
          </li>
        ),
      )}
    </ol>
  );
}

function EventRow({ event, onPhoto }: { event: TicketEvent; onPhoto: (photo: Photo) => void }) {
  const t = useTranslations("ticket.timeline");
  const tm = useTranslations("ticket.methods");
  const tp = useTranslations("ticket.priority");
  const shop = useShopFormat();
  const { me, staffName, knownName } = usePeople();
  const callCustomerReason = useCallCustomerReason();
  const when = (iso: string) => shop.dateTime(iso);
  const data = event.data as Record<string, string | number | null | undefined>;
  const actor = event.actor_type === "user" ? staffName(event.actor_id) : t(`actors.${event.actor_type}`);

  const paidList = (paid: Paid[]) =>
    paid.map((p) => t("paid_by", { amount: formatRm(p.amount), method: tm(p.method) })).join(" + ");
  const summary = (() => {
    switch (event.type) {
      case "ESTIMATE_SET":
        return t("ESTIMATE_SET", {
          price: formatRm(String(data.price_estimate ?? "0")),
          eta: data.eta_ready_at ? when(String(data.eta_ready_at)) : "—",
        });
      case "PICKED_UP": {
        const { payments = [], given_back = [] } = event.data as { payments?: Paid[]; given_back?: Paid[] };
        const picked = payments.length
          ? t("PICKED_UP", { paid: paidList(payments) })
          : t("PICKED_UP_nothing");
        return given_back.length ? `${picked} · ${t("given_back", { paid: paidList(given_back) })}` : picked;
      }
      case "PART_USED":
        return t(Number(data.qty) < 0 ? "PART_RETURNED" : "PART_USED", {
          qty: Math.abs(Number(data.qty ?? 0)),
          name: String(data.name ?? ""),
        });
      case "PAYMENT":
        return t("PAYMENT", {
          amount: formatRm(String(data.amount ?? "0")),
          method: data.method ? tm(String(data.method)) : "—",
        });
      case "CLOSED": {
        if (data.reason !== "returned_unrepaired") return t("CLOSED");
        const { given_back = [] } = event.data as { given_back?: Paid[] };
        return given_back.length
          ? `${t("CLOSED_unrepaired")} · ${t("given_back", { paid: paidList(given_back) })}`
          : t("CLOSED_unrepaired");
      }
      case "ASSIGNED": {
        if (!data.to) return t("UNASSIGNED");
        if (data.to === me.id) return t("ASSIGNED_you");
        const name = knownName(String(data.to));
        return name ? t("ASSIGNED", { name }) : t("ASSIGNED_someone");
      }
      case "PRIORITY_CHANGED":
        return t("PRIORITY_CHANGED", {
          from: data.from ? tp(String(data.from)) : "—",
          to: data.to ? tp(String(data.to)) : "—",
        });
      case "FOLLOW_UP_SENT":
        return t("FOLLOW_UP_SENT", { day: Number(data.day ?? 0) });
      case "CALL_CUSTOMER":
        return t("CALL_CUSTOMER", { reason: callCustomerReason(event.data) });
      default:
        return t.has(event.type) ? t(event.type) : event.type;
    }
  })();

  return (
    <div className="flex gap-3" data-event={event.type}>
      <span className="mt-1.5 size-2.5 shrink-0 rounded-full bg-primary" aria-hidden="true" />
      <div className="min-w-0 flex-1 rounded-lg border bg-card px-3 py-2">
        <p className="text-sm font-medium">{summary}</p>
        <p className="text-xs text-muted-foreground">
          <time dateTime={event.created_at}>{when(event.created_at)}</time> · {actor}
        </p>
        {event.note ? <p className="mt-1 whitespace-pre-wrap break-words text-sm">{event.note}</p> : null}
        {event.photos.length ? (
          <ul className="mt-2 flex flex-wrap gap-2">
            {event.photos.map((photo, index) => (
              <li key={photo.key}>
                <button
                  type="button"
                  onClick={() => onPhoto(photo)}
                  className="block overflow-hidden rounded-md border outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {/* biome-ignore lint/performance/noImgElement: a presigned storage URL that expires, not a static asset */}
                  <img
                    src={photo.url}
                    alt={t("photo_alt", { n: index + 1 })}
                    className="size-16 object-cover"
                    loading="lazy"
                  />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
