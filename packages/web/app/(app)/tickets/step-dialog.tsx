"use client";

import { useTranslations } from "next-intl";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { Step, TicketView } from "./model";
import { CloseForm, PickupForm } from "./step-forms-close";
import { AssignForm, NoteForm, PriorityForm } from "./step-forms-details";
import { AnswerForm, EstimateForm, ReadyForm } from "./step-forms-repair";
import type { FormProps } from "./step-frame";

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
}: { view: TicketView; step: Step } & Omit<FormProps, "view">) {
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
