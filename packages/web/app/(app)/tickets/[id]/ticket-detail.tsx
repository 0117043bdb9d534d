"use client";

import {
  ArrowLeft,
  Banknote,
  Calculator,
  CircleCheck,
  CircleX,
  Flag,
  PackageCheck,
  Undo2,
  UserPlus,
} from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { DataState } from "@/components/data-state";
import { useSession } from "@/components/session";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { phone, useShopFormat } from "@/lib/format";
import { useApi } from "@/lib/use-api";
import { ApprovalBadge, CallCustomerBadge, PriorityBadge, SlaBadge, StatusBadge } from "../badges";
import { deviceName, formatRm, type Photo, type Step, stepsFor, type TicketView } from "../model";
import { usePeople } from "../people";
import { StepDialog } from "../step-dialog";
import { CallCustomerBanner } from "./call-customer";
import { CustomerChanges } from "./customer-changes";
import { Deposits } from "./deposit";
import { Gallery, Lightbox } from "./gallery";
import { InvoiceSummary } from "./invoice-summary";
import { NoteComposer } from "./note-composer";
import { PartsPanel } from "./parts-panel";
import { Passcode } from "./passcode";
import { Timeline } from "./timeline";

/** The buttons in the order of the repair; notes and photos have their own box below. */
const BUTTONS: { step: Step; icon: typeof Flag; primary?: boolean }[] = [
  { step: "estimate", icon: Calculator, primary: true },
  { step: "approve", icon: CircleCheck },
  { step: "decline", icon: CircleX },
  { step: "ready", icon: PackageCheck, primary: true },
  { step: "pickup", icon: Banknote, primary: true },
  { step: "close_unrepaired", icon: Undo2 },
  { step: "assign", icon: UserPlus },
  { step: "priority", icon: Flag },
];

export function TicketDetail({ id }: { id: string }) {
  const t = useTranslations("ticket");
  const shop = useShopFormat();
  const me = useSession();
  const { nameOf } = usePeople();
  const state = useApi<TicketView>(`/tickets/${encodeURIComponent(id)}`);
  const { data: view, error, retry: load, set } = state;
  const setView = useCallback((next: TicketView) => set(next), [set]);
  const [step, setStep] = useState<Step>();
  const [photo, setPhoto] = useState<Photo>();

  const back = (
    <Link
      href="/tickets"
      className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground underline-offset-2 hover:underline"
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      {t("back")}
    </Link>
  );

  if (error && !view && (error.status === 404 || error.status === 400))
    return (
      <>
        {back}
        <p className="rounded-xl border border-dashed p-6" role="alert">
          {t("errors.not_found")}
        </p>
      </>
    );
  if (!view)
    return (
      <>
        {error ? back : null}
        <DataState
          state={state}
          loading={
            <div aria-busy="true" className="flex flex-col gap-4">
              <Skeleton className="h-10 w-48" />
              <Skeleton className="h-10 w-full" />
              <Skeleton className="h-64 w-full" />
            </div>
          }
        >
          {() => null}
        </DataState>
      </>
    );

  const { ticket, events, messages, invoice } = view;
  const steps = stepsFor(me.role, view.allowed);
  const photos = events.flatMap((event) => event.photos);
  const when = (iso: string) => shop.dateTime(iso);
  const applied = (next: TicketView) => {
    setStep(undefined);
    setView(next);
  };

  return (
    <>
      {back}
      <div className="mb-6 flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tabular-nums tracking-tight" data-testid="ticket-number">
            {ticket.number}
          </h1>
          <StatusBadge status={ticket.status} />
          <ApprovalBadge approval={ticket.status === "IN_PROGRESS" ? ticket.approval : null} />
          <SlaBadge sla={ticket.sla} />
          <PriorityBadge priority={ticket.priority} />
          <CallCustomerBadge at={ticket.call_customer_at} />
        </div>
        <p className="text-muted-foreground">
          <Link
            href={`/customers/${ticket.customer.id}`}
            className="font-medium text-foreground underline-offset-2 hover:underline"
            data-testid="customer-link"
          >
            {ticket.customer.name}
          </Link>{" "}
          · {phone(ticket.customer.phone)} · {deviceName(ticket.device)}
        </p>
        {steps.some((s) => BUTTONS.some((b) => b.step === s)) ? (
          <fieldset className="flex flex-wrap gap-2">
            <legend className="sr-only">{t("actions")}</legend>
            {BUTTONS.filter((button) => steps.includes(button.step)).map(
              ({ step: s, icon: Icon, primary }) => (
                <Button
                  key={s}
                  variant={
                    primary
                      ? "default"
                      : s === "decline" || s === "close_unrepaired"
                        ? "outline"
                        : "secondary"
                  }
                  onClick={() => setStep(s)}
                  data-step={s}
                >
                  <Icon aria-hidden="true" />
                  {t(`steps.${s}`)}
                </Button>
              ),
            )}
          </fieldset>
        ) : null}
        <CallCustomerBanner view={view} onDone={setView} onStale={load} />
        <CustomerChanges view={view} canEdit={me.role !== "cashier"} onDone={setView} />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <Card aria-labelledby="problem-title">
            <CardHeader>
              <CardTitle id="problem-title">{t("problem")}</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <p className="whitespace-pre-wrap break-words">{ticket.problem}</p>
              {ticket.diagnosis ? (
                <p className="whitespace-pre-wrap break-words text-sm text-muted-foreground">
                  {ticket.diagnosis}
                </p>
              ) : null}
              <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                <Fact label={t("facts.created")} value={when(ticket.created_at)} />
                <Fact label={t("facts.assignee")} value={nameOf(ticket.assignee_id)} />
                <Fact
                  label={t("facts.estimate")}
                  value={ticket.price_estimate ? formatRm(ticket.price_estimate) : t("facts.none")}
                />
                <Fact
                  label={t("facts.eta")}
                  value={ticket.eta_ready_at ? when(ticket.eta_ready_at) : t("facts.none")}
                />
                {ticket.ready_at ? <Fact label={t("facts.ready")} value={when(ticket.ready_at)} /> : null}
                {ticket.closed_at ? (
                  <Fact
                    label={t("facts.closed")}
                    value={`${when(ticket.closed_at)}${ticket.close_reason ? ` · ${t(`close_reasons.${ticket.close_reason}`)}` : ""}`}
                  />
                ) : null}
              </dl>
            </CardContent>
          </Card>

          <Card aria-labelledby="timeline-title">
            <CardHeader>
              <CardTitle id="timeline-title">{t("timeline_title")}</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-5">
              <Timeline events={events} messages={messages} onPhoto={setPhoto} />
              {steps.includes("note") ? <NoteComposer view={view} onDone={setView} /> : null}
            </CardContent>
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <Card aria-labelledby="device-title">
            <CardHeader>
              <CardTitle id="device-title">{t("device_title")}</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="flex flex-col gap-2 text-sm">
                <Fact
                  label={t("facts.device")}
                  value={`${deviceName(ticket.device)} · ${t(`categories.${ticket.device.category}`)}`}
                />
                {ticket.device.imei ? <Fact label={t("facts.imei")} value={ticket.device.imei} mono /> : null}
                {ticket.device.serial ? (
                  <Fact label={t("facts.serial")} value={ticket.device.serial} mono />
                ) : null}
                <Fact
                  label={t("facts.customer")}
                  value={`${ticket.customer.name} · ${phone(ticket.customer.phone)}`}
                />
                <Fact label={t("facts.whatsapp")} value={t(`consent.${ticket.customer.whatsapp_consent}`)} />
              </dl>
              {ticket.has_passcode ? <Passcode ticketId={ticket.id} /> : null}
            </CardContent>
          </Card>

          <Card aria-labelledby="invoice-title">
            <CardHeader>
              <CardTitle id="invoice-title">{t("invoice.title")}</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <InvoiceSummary invoice={invoice} />
              <Deposits view={view} onDone={setView} />
            </CardContent>
          </Card>

          <Card aria-labelledby="parts-title">
            <CardHeader>
              <CardTitle id="parts-title">{t("parts.title")}</CardTitle>
            </CardHeader>
            <CardContent>
              <PartsPanel view={view} canEdit={me.role !== "cashier"} onDone={setView} />
            </CardContent>
          </Card>

          <Card aria-labelledby="photos-title">
            <CardHeader>
              <CardTitle id="photos-title">{t("gallery.heading", { count: photos.length })}</CardTitle>
            </CardHeader>
            <CardContent>
              <Gallery photos={photos} onOpen={setPhoto} />
            </CardContent>
          </Card>
        </div>
      </div>

      <Lightbox photos={photos} current={photo} onChange={setPhoto} />
      <StepDialog
        view={view}
        step={step}
        onClose={() => {
          // A refused step means the ticket changed under us: show it as it is now.
          setStep(undefined);
          load();
        }}
        onDone={applied}
      />
    </>
  );
}

function Fact({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={mono ? "break-all font-mono" : "break-words"}>{value}</dd>
    </div>
  );
}
