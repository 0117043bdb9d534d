"use client";

import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import {
  AMOUNT,
  amountDue,
  formatRm,
  isoToShopLocal,
  PAYMENT_METHODS,
  type PaymentMethod,
  PRIORITIES,
  type Priority,
  type Step,
  shopLocalToIso,
  type TicketView,
} from "./model";
import { usePeople } from "./people";
import { PhotoPicker, usePhotoUploads } from "./photo-picker";
import { useTicketText } from "./use-ticket-text";

type Props = {
  /** The ticket as GET /tickets/{id} answered; the dialog is closed while this or `step` is missing. */
  view: TicketView | undefined;
  step: Step | undefined;
  onClose: () => void;
  onDone: (view: TicketView) => void;
};

/** The dialog for each ticket step, the same from the board (a drop or a card's menu) and the ticket page. */
export function StepDialog({ view, step, onClose, onDone }: Props) {
  const tc = useTranslations("common");
  const open = Boolean(view && step);
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      {view && step ? (
        <DialogContent closeLabel={tc("close")} data-step={step}>
          <StepForm
            key={`${view.ticket.id}:${step}`}
            view={view}
            step={step}
            onClose={onClose}
            onDone={onDone}
          />
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

function StepForm({
  view,
  step,
  onClose,
  onDone,
}: { view: TicketView; step: Step } & Omit<Props, "view" | "step">) {
  switch (step) {
    case "estimate":
      return <EstimateForm view={view} onClose={onClose} onDone={onDone} />;
    case "approve":
    case "decline":
      return <AnswerForm view={view} approve={step === "approve"} onClose={onClose} onDone={onDone} />;
    case "ready":
      return <ReadyForm view={view} onClose={onClose} onDone={onDone} />;
    case "pickup":
      return <PickupForm view={view} onClose={onClose} onDone={onDone} />;
    case "close_unrepaired":
      return <CloseForm view={view} onClose={onClose} onDone={onDone} />;
    case "note":
    case "photo":
      return <NoteForm view={view} onClose={onClose} onDone={onDone} />;
    case "assign":
      return <AssignForm view={view} onClose={onClose} onDone={onDone} />;
    case "priority":
      return <PriorityForm view={view} onClose={onClose} onDone={onDone} />;
  }
}

type FormProps = { view: TicketView; onClose: () => void; onDone: (view: TicketView) => void };

/** Sends one step and reports: a toast on success, the reason in the dialog when refused. */
function useStep(view: TicketView, step: Step, done: (view: TicketView) => void) {
  const t = useTranslations("ticket");
  const notify = useToast();
  const { stepError } = useTicketText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const run = async (send: (path: string) => Promise<TicketView>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await send(`/tickets/${encodeURIComponent(view.ticket.id)}`);
      notify("success", t(`done.${step}`, { number: view.ticket.number }));
      done(next);
    } catch (error) {
      setProblem(stepError(error, view.ticket.number, step));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, run };
}

function Frame({
  title,
  description,
  problem,
  busy,
  submitLabel,
  disabled,
  destructive,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  description?: ReactNode;
  problem?: string;
  busy: boolean;
  submitLabel: string;
  disabled?: boolean;
  destructive?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const tc = useTranslations("common");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        {description ? <DialogDescription>{description}</DialogDescription> : null}
      </DialogHeader>
      {problem ? (
        <Alert variant="destructive" role="alert" data-testid="step-problem">
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      {children}
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          {tc("cancel")}
        </Button>
        <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={busy || disabled}>
          {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Two days from now at 6 pm in the shop: a usual promise for a repair. */
function defaultEta(): string {
  const day = isoToShopLocal(new Date(Date.now() + 2 * 86_400_000).toISOString(), SHOP_TIME_ZONE);
  return `${day.slice(0, 10)}T18:00`;
}

function EstimateForm({ view, onClose, onDone }: FormProps) {
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

function AnswerForm({ view, approve, onClose, onDone }: FormProps & { approve: boolean }) {
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

function ReadyForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const uploads = usePhotoUploads(ticket.id);
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

function PickupForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const tm = useTranslations("ticket.methods");
  const { ticket, invoice } = view;
  const due = invoice ? amountDue(invoice) : "";
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [amount, setAmount] = useState(due);
  const [reference, setReference] = useState("");
  const { busy, problem, setProblem, run } = useStep(view, "pickup", onDone);
  const submit = () => {
    if (!AMOUNT.test(amount.trim())) return setProblem(t("amount_invalid"));
    void run((path) =>
      api.post<TicketView>(`${path}/pickup`, {
        method,
        amount: amount.trim(),
        reference: reference.trim() || undefined,
      }),
    );
  };
  return (
    <Frame
      title={t("pickup_title", { number: ticket.number })}
      description={
        invoice
          ? t("pickup_description", { invoice: invoice.number, due: formatRm(due) })
          : t("pickup_no_invoice")
      }
      problem={problem}
      busy={busy}
      submitLabel={t("pickup_submit")}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field id="pickup-method" label={t("method")}>
        <Select value={method} onValueChange={(value) => setMethod(value as PaymentMethod)}>
          <SelectTrigger id="pickup-method">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {PAYMENT_METHODS.map((value) => (
              <SelectItem key={value} value={value}>
                {tm(value)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
      <Field id="pickup-amount" label={t("amount")} hint={t("amount_hint")}>
        <Input
          id="pickup-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-describedby="pickup-amount-hint"
          required
        />
      </Field>
      {method !== "cash" ? (
        <Field id="pickup-reference" label={t("reference")}>
          <Input
            id="pickup-reference"
            autoComplete="off"
            maxLength={120}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
          />
        </Field>
      ) : null}
    </Frame>
  );
}

function CloseForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const [note, setNote] = useState("");
  const { busy, problem, run } = useStep(view, "close_unrepaired", onDone);
  return (
    <Frame
      title={t("close_title", { number: ticket.number })}
      description={t("close_description")}
      problem={problem}
      busy={busy}
      destructive
      submitLabel={t("close_submit")}
      onSubmit={() =>
        void run((path) => api.post<TicketView>(`${path}/close`, { note: note.trim() || undefined }))
      }
      onClose={onClose}
    >
      <Field id="close-note" label={t("note_optional")}>
        <Textarea
          id="close-note"
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
    </Frame>
  );
}

function NoteForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const uploads = usePhotoUploads(ticket.id);
  const [note, setNote] = useState("");
  const { busy, problem, setProblem, run } = useStep(view, "note", onDone);
  const submit = () => {
    if (!note.trim() && !uploads.keys.length) return setProblem(t("note_or_photo"));
    void run((path) =>
      api.post<TicketView>(`${path}/notes`, { note: note.trim() || undefined, photos: uploads.keys }),
    );
  };
  return (
    <Frame
      title={t("note_title", { number: ticket.number })}
      problem={problem}
      busy={busy}
      disabled={uploads.busy}
      submitLabel={t("note_submit")}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field id="dialog-note" label={t("note")}>
        <Textarea
          id="dialog-note"
          value={note}
          maxLength={4000}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
      <PhotoPicker id="dialog-note-photos" label={t("photos")} uploads={uploads} />
    </Frame>
  );
}

const NOBODY = "nobody";

function AssignForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const ta = useTranslations("ticket.assignee");
  const { ticket } = view;
  const { me, assignable } = usePeople();
  const [choice, setChoice] = useState(ticket.assignee_id ?? NOBODY);
  const { busy, problem, run } = useStep(view, "assign", onDone);
  const options = [...assignable];
  if (ticket.assignee_id && !options.some((person) => person.id === ticket.assignee_id))
    options.push({ id: ticket.assignee_id, name: ta("someone"), role: "tech", status: "active" });
  return (
    <Frame
      title={t("assign_title", { number: ticket.number })}
      problem={problem}
      busy={busy}
      submitLabel={t("assign_submit")}
      onSubmit={() =>
        void run((path) => api.patch<TicketView>(path, { assignee_id: choice === NOBODY ? null : choice }))
      }
      onClose={onClose}
    >
      <Field id="assign-to" label={t("assignee")}>
        <Select value={choice} onValueChange={setChoice}>
          <SelectTrigger id="assign-to">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NOBODY}>{ta("nobody")}</SelectItem>
            {options.map((person) => (
              <SelectItem key={person.id} value={person.id}>
                {person.id === me.id ? ta("me", { name: person.name }) : person.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
    </Frame>
  );
}

function PriorityForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const tp = useTranslations("ticket.priority");
  const { ticket } = view;
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const { busy, problem, run } = useStep(view, "priority", onDone);
  return (
    <Frame
      title={t("priority_title", { number: ticket.number })}
      problem={problem}
      busy={busy}
      submitLabel={t("priority_submit")}
      onSubmit={() => void run((path) => api.patch<TicketView>(path, { priority }))}
      onClose={onClose}
    >
      <Field id="priority-level" label={t("priority")}>
        <Select value={priority} onValueChange={(value) => setPriority(value as Priority)}>
          <SelectTrigger id="priority-level">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {PRIORITIES.map((value) => (
              <SelectItem key={value} value={value}>
                {tp(value)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
    </Frame>
  );
}
