"use client";

import { LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import type { Step, TicketView } from "./model";
import { useTicketText } from "./use-ticket-text";

/** What every step's form shares: the request and its outcome, the dialog's frame, a labelled field. */

export type FormProps = { view: TicketView; onClose: () => void; onDone: (view: TicketView) => void };

/** Sends one step and reports: a toast on success, the reason in the dialog when refused. */
export function useStep(view: TicketView, step: Step, done: (view: TicketView) => void) {
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

export function Frame({
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

export function Field({
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
