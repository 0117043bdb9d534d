"use client";

import { addDays, dayIn } from "@wapos/core/util/zone";
import { ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { Failure } from "@/components/failure";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api, query } from "@/lib/api";
import type {
  GetAppointmentsResponse,
  GetAppointmentsSlotsResponse,
  PostAppointmentsByIdMoveResponse,
  PostAppointmentsResponse,
} from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { useApi } from "@/lib/use-api";

type Appointment = GetAppointmentsResponse["appointments"][number];
type Span = "day" | "week";

/** The Monday of the week `isoDay` falls in. */
function mondayOf(isoDay: string): string {
  const weekday = new Date(`${isoDay}T00:00:00Z`).getUTCDay();
  return addDays(isoDay, -((weekday + 6) % 7));
}

/** Appointments: a day's or a week's bookings, each movable to a free slot or cancelled. */
export function AppointmentsView() {
  const t = useTranslations("appointments");
  const format = useShopFormat();
  const [span, setSpan] = useState<Span>("day");
  const [day, setDay] = useState(() => dayIn(new Date(), SHOP_TIME_ZONE));
  const from = span === "day" ? day : mondayOf(day);
  const to = span === "day" ? day : addDays(from, 6);
  const state = useApi<GetAppointmentsResponse>(`/appointments${query({ from, to })}`);
  const step = span === "day" ? 1 : 7;
  const [booking, setBooking] = useState(false);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setBooking((b) => !b)} aria-expanded={booking}>
            <Plus aria-hidden="true" />
            {t("book")}
          </Button>
        }
      />
      {booking ? (
        <BookForm
          initialDay={day}
          onBooked={(bookedDay) => {
            setBooking(false);
            setDay(bookedDay);
            state.retry();
          }}
        />
      ) : null}
      <div className="mb-4 flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <Label htmlFor="appointments-day">{t("day")}</Label>
          <Input
            id="appointments-day"
            type="date"
            value={day}
            onChange={(e) => e.target.value && setDay(e.target.value)}
            className="w-44"
          />
        </div>
        <Button
          variant="outline"
          size="icon"
          aria-label={t("previous")}
          onClick={() => setDay(addDays(day, -step))}
        >
          <ChevronLeft aria-hidden="true" />
        </Button>
        <Button
          variant="outline"
          size="icon"
          aria-label={t("next")}
          onClick={() => setDay(addDays(day, step))}
        >
          <ChevronRight aria-hidden="true" />
        </Button>
        <Button variant="outline" onClick={() => setDay(dayIn(new Date(), SHOP_TIME_ZONE))}>
          {t("today")}
        </Button>
        <fieldset className="flex gap-1" aria-label={t("span")}>
          {(["day", "week"] as const).map((s) => (
            <Button
              key={s}
              variant={span === s ? "default" : "outline"}
              aria-pressed={span === s}
              onClick={() => setSpan(s)}
            >
              {t(`spans.${s}`)}
            </Button>
          ))}
        </fieldset>
      </div>
      <p className="mb-2 text-sm text-muted-foreground" data-testid="appointments-range">
        {from === to
          ? format.date(`${from}T12:00:00Z`)
          : `${format.date(`${from}T12:00:00Z`)} – ${format.date(`${to}T12:00:00Z`)}`}
      </p>
      <DataState
        state={state}
        isEmpty={(page) => page.appointments.length === 0}
        empty={t(span === "day" ? "none_day" : "none_week")}
        rows={4}
      >
        {(page) => (
          <ul className="flex flex-col gap-2" aria-label={t("list")}>
            {page.appointments.map((appointment) => (
              <AppointmentRow key={appointment.id} appointment={appointment} onChanged={state.retry} />
            ))}
          </ul>
        )}
      </DataState>
    </>
  );
}

function AppointmentRow({ appointment, onChanged }: { appointment: Appointment; onChanged: () => void }) {
  const t = useTranslations("appointments");
  const format = useShopFormat();
  const errorText = useErrorText();
  const [moving, setMoving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const booked = appointment.status === "booked";

  async function close(action: "cancel" | "done") {
    if (action === "cancel" && !window.confirm(t("cancel_confirm"))) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(`/appointments/${appointment.id}/${action}`);
      onChanged();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="rounded-md border p-3" data-testid="appointment">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <span className="font-medium tabular-nums">
          {format.date(appointment.starts_at)} {format.time(appointment.starts_at)}–
          {format.time(appointment.ends_at)}
        </span>
        <span>{appointment.customer_name ?? t("unknown_customer")}</span>
        <span className="text-muted-foreground">{format.phone(appointment.phone)}</span>
        <Badge variant="outline">{t(`sources.${appointment.source}`)}</Badge>
        <Badge variant={booked ? "default" : "secondary"}>{t(`statuses.${appointment.status}`)}</Badge>
        {booked ? (
          <span className="ml-auto flex gap-2">
            <Button variant="outline" size="sm" onClick={() => setMoving((m) => !m)} disabled={busy}>
              {t("move")}
            </Button>
            <Button variant="outline" size="sm" onClick={() => close("done")} disabled={busy}>
              {t("done")}
            </Button>
            <Button variant="outline" size="sm" onClick={() => close("cancel")} disabled={busy}>
              {t("cancel")}
            </Button>
          </span>
        ) : null}
      </div>
      {appointment.note ? <p className="mt-1 text-sm text-muted-foreground">{appointment.note}</p> : null}
      {moving ? (
        <MoveForm
          appointment={appointment}
          onMoved={() => {
            setMoving(false);
            onChanged();
          }}
        />
      ) : null}
      <Failure text={failure} className="mt-2" />
    </li>
  );
}

/** A day, then one of its free slots: only what the server says is free is offered. */
function SlotPicker({
  id,
  day,
  slot,
  onDay,
  onSlot,
  labels,
}: {
  id: string;
  day: string;
  slot: string;
  onDay: (day: string) => void;
  onSlot: (slot: string) => void;
  labels: { day: string; slot: string };
}) {
  const t = useTranslations("appointments");
  const format = useShopFormat();
  const slots = useApi<GetAppointmentsSlotsResponse>(`/appointments/slots${query({ day })}`);
  return (
    <>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${id}-day`}>{labels.day}</Label>
        <Input
          id={`${id}-day`}
          type="date"
          value={day}
          onChange={(e) => {
            onDay(e.target.value);
            onSlot("");
          }}
          className="w-44"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${id}-slot`}>{labels.slot}</Label>
        <select
          id={`${id}-slot`}
          value={slot}
          onChange={(e) => onSlot(e.target.value)}
          className="h-10 rounded-md border border-input bg-background px-2 text-sm"
        >
          <option value="">
            {slots.data && !slots.data.slots.length ? t("no_free_slots") : t("choose_slot")}
          </option>
          {slots.data?.slots.map((s) => (
            <option key={s.starts_at} value={s.starts_at}>
              {format.time(s.starts_at)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** Moves a booking to another day's free slot. */
function MoveForm({ appointment, onMoved }: { appointment: Appointment; onMoved: () => void }) {
  const t = useTranslations("appointments");
  const errorText = useErrorText();
  const [day, setDay] = useState(() => dayIn(new Date(appointment.starts_at), SHOP_TIME_ZONE));
  const [slot, setSlot] = useState("");
  const [failure, setFailure] = useState<string>();

  async function move() {
    setFailure(undefined);
    try {
      await api.post<PostAppointmentsByIdMoveResponse>(`/appointments/${appointment.id}/move`, {
        starts_at: slot,
      });
      onMoved();
    } catch (error) {
      setFailure(errorText(error));
      setSlot("");
    }
  }

  return (
    <div className="mt-3 flex flex-wrap items-end gap-2">
      <SlotPicker
        id={`move-${appointment.id}`}
        day={day}
        slot={slot}
        onDay={setDay}
        onSlot={setSlot}
        labels={{ day: t("move_day"), slot: t("move_slot") }}
      />
      <Button onClick={move} disabled={!slot}>
        {t("move_save")}
      </Button>
      <Failure text={failure} className="w-full" />
    </div>
  );
}

/**
 * Staff book a visit for a caller: their phone (typed the local way; a number the customer book
 * knows books for that customer), a free slot and a note. The reminder goes out the day before.
 */
function BookForm({ initialDay, onBooked }: { initialDay: string; onBooked: (day: string) => void }) {
  const t = useTranslations("appointments");
  const errorText = useErrorText();
  const [phone, setPhone] = useState("");
  const [note, setNote] = useState("");
  const [day, setDay] = useState(initialDay);
  const [slot, setSlot] = useState("");
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function book(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post<PostAppointmentsResponse>("/appointments", {
        phone,
        starts_at: slot,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onBooked(day);
    } catch (error) {
      setFailure(errorText(error));
      setSlot("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={book}
      className="mb-4 flex flex-wrap items-end gap-2 rounded-md border p-3"
      aria-label={t("book_title")}
    >
      <div className="flex flex-col gap-1">
        <Label htmlFor="book-phone">{t("book_phone")}</Label>
        <Input
          id="book-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          placeholder="012-345 6789"
          className="w-44"
        />
      </div>
      <SlotPicker
        id="book"
        day={day}
        slot={slot}
        onDay={setDay}
        onSlot={setSlot}
        labels={{ day: t("book_day"), slot: t("move_slot") }}
      />
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <Label htmlFor="book-note">{t("book_note")}</Label>
        <Input id="book-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <Button type="submit" disabled={!slot || !phone.trim() || busy}>
        {t("book_save")}
      </Button>
      <Failure text={failure} className="w-full" />
    </form>
  );
}
