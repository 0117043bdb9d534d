"use client";

import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useSession } from "@/components/session";
import { api } from "@/lib/api";
import { mayTake, type Status, type Step, type Ticket, type TicketView } from "./model";
import { useTicketText } from "./use-ticket-text";

type Open = { view: TicketView; step: Step };

/**
 * Starting a step from the board: the ticket is read fresh (GET /tickets/{id}) so the state
 * machine's own list of allowed steps decides, and the pickup dialog knows the amount due.
 * A step the ticket does not allow is refused with the reason before any dialog opens.
 */
export function useSteps() {
  const t = useTranslations("kanban");
  const me = useSession();
  const { refusal, stepError } = useTicketText();
  const [open, setOpen] = useState<Open>();
  const [pending, setPending] = useState<string>();
  const [refused, setRefused] = useState<{ number: string; text: string }>();

  const begin = useCallback(
    async (ticket: Pick<Ticket, "id" | "number">, step: Step | undefined, column?: Status) => {
      setRefused(undefined);
      setPending(ticket.id);
      try {
        const view = await api.get<TicketView>(`/tickets/${encodeURIComponent(ticket.id)}`);
        const state = { status: view.ticket.status, approval: view.ticket.approval, allowed: view.allowed };
        if (!step || !view.allowed.includes(step)) {
          const target = column ? { column } : { step: step ?? "note" };
          setRefused({ number: ticket.number, text: refusal(ticket.number, state, target) });
        } else if (!mayTake(me.role, step)) {
          setRefused({ number: ticket.number, text: t("role_refused", { number: ticket.number }) });
        } else setOpen({ view, step });
      } catch (error) {
        setRefused({ number: ticket.number, text: stepError(error, ticket.number) });
      } finally {
        setPending(undefined);
      }
    },
    [me.role, refusal, stepError, t],
  );

  return {
    open,
    pending,
    refused,
    begin,
    show: setOpen,
    close: useCallback(() => setOpen(undefined), []),
    dismiss: useCallback(() => setRefused(undefined), []),
  };
}
