"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Input, Textarea } from "@/components/ui/input";
import { api } from "@/lib/api";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { AMOUNT, formatRm, isoToShopLocal, shopLocalToIso, type TicketView } from "./model";
import { PhotoPicker, ticketPhotos, usePhotoUploads } from "./photo-picker";
import { Field, type FormProps, Frame, useStep } from "./step-frame";

/** The steps that move a repair forward: the estimate, the customer's answer, ready. */

/** Two days from now at 6 pm in the shop: a usual promise for a repair. */
function defaultEta(): string {
  const day = isoToShopLocal(new Date(Date.now() + 2 * 86_400_000).toISOString(), SHOP_TIME_ZONE);
  return `${day.slice(0, 10)}T18:00`;
}

export function EstimateForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const [price, setPrice] = useState(ticket.price_estimate ?? "");
  const [eta, setEta] = useState(
    ticket.eta_ready_at ? isoToShopLocal(ticket.eta_ready_at, SHOP_TIME_ZONE) : defaultEta(),
  );
  const { busy, problem, setProblem, run } = useStep(view, "estimate", onDone);
  const submit = () => {
    if (!AMOUNT.test(price.trim())) return setProblem(t("price_invalid"));
    if (!eta) return setProblem(t("eta_missing"));
    void run((path) =>
      api.patch<TicketView>(`${path}/estimate`, {
        price_estimate: price.trim(),
        eta_ready_at: shopLocalToIso(eta, SHOP_TIME_ZONE),
      }),
    );
  };
  return (
    <Frame
      title={t("estimate_title", { number: ticket.number })}
      description={
        ticket.customer.whatsapp_consent === "opted_in"
          ? t("estimate_description")
          : t("estimate_no_whatsapp")
      }
      problem={problem}
      busy={busy}
      submitLabel={t("estimate_submit")}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field id="estimate-price" label={t("price")} hint={t("price_hint")}>
        <Input
          id="estimate-price"
          inputMode="decimal"
          autoComplete="off"
          placeholder="180.00"
          value={price}
          onChange={(event) => setPrice(event.target.value)}
          aria-describedby="estimate-price-hint"
          required
        />
      </Field>
      <Field id="estimate-eta" label={t("eta")} hint={t("eta_hint", { zone: SHOP_TIME_ZONE })}>
        <Input
          id="estimate-eta"
          type="datetime-local"
          value={eta}
          onChange={(event) => setEta(event.target.value)}
          aria-describedby="estimate-eta-hint"
          required
        />
      </Field>
    </Frame>
  );
}

export function AnswerForm({ view, approve, onClose, onDone }: FormProps & { approve: boolean }) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const step = approve ? "approve" : "decline";
  const { busy, problem, run } = useStep(view, step, onDone);
  const price = ticket.price_estimate ? formatRm(ticket.price_estimate) : "—";
  return (
    <Frame
      title={t(`${step}_title`, { number: ticket.number })}
      description={t(`${step}_description`, { name: ticket.customer.name, price })}
      problem={problem}
      busy={busy}
      submitLabel={t(`${step}_submit`)}
      destructive={!approve}
      onSubmit={() => void run((path) => api.post<TicketView>(`${path}/${step}`))}
      onClose={onClose}
    />
  );
}

export function ReadyForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const uploads = usePhotoUploads(ticketPhotos(ticket.id));
  const [note, setNote] = useState("");
  const { busy, problem, setProblem, run } = useStep(view, "ready", onDone);
  const submit = () => {
    if (!uploads.keys.length) return setProblem(t("photos_required"));
    void run((path) =>
      api.post<TicketView>(`${path}/ready`, { photos: uploads.keys, note: note.trim() || undefined }),
    );
  };
  return (
    <Frame
      title={t("ready_title", { number: ticket.number })}
      description={t("ready_description", {
        price: ticket.price_estimate ? formatRm(ticket.price_estimate) : "—",
      })}
      problem={problem}
      busy={busy}
      disabled={uploads.busy}
      submitLabel={t("ready_submit")}
      onSubmit={submit}
      onClose={onClose}
    >
      <PhotoPicker id="ready-photos" label={t("completion_photos")} uploads={uploads} />
      <Field id="ready-note" label={t("note_optional")}>
        <Textarea
          id="ready-note"
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
    </Frame>
  );
}
