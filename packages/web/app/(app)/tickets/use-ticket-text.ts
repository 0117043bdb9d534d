import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/lib/api";
import { useErrorText, useIssueText } from "@/lib/issues";
import type { Approval, Status, Step } from "./model";

/** Steps that move a ticket along; the rest (notes, assignment) are always possible while open. */
const MOVES: readonly Step[] = ["estimate", "approve", "decline", "ready", "pickup", "close_unrepaired"];

type State = { status: Status; approval: Approval | null; allowed: readonly Step[] };
type Target = { step: Step } | { column: Status };

/** Translated words for a ticket's state, and the sentences that refuse a step or a move. */
export function useTicketText() {
  const t = useTranslations("ticket");
  const errorText = useErrorText();
  const issueText = useIssueText();

  const stateText = useCallback(
    (status: Status, approval: Approval | null) =>
      status === "IN_PROGRESS" && approval
        ? t("state_with_approval", { status: t(`status.${status}`), approval: t(`approval.${approval}`) })
        : t(`status.${status}`),
    [t],
  );

  /** Why a step or a move is refused, with what the ticket allows instead. */
  const refusal = useCallback(
    (number: string, state: State, target: Target) => {
      const moves = state.allowed.filter((step) => MOVES.includes(step)).map((step) => t(`steps.${step}`));
      const values = {
        number,
        state: stateText(state.status, state.approval),
        allowed: moves.length ? moves.join(", ") : t("nothing_allowed"),
      };
      return "step" in target
        ? t("refused_step", { ...values, step: t(`steps.${target.step}`) })
        : t("refused_move", { ...values, column: t(`status.${target.column}`) });
    },
    [t, stateText],
  );

  /** An API error from a ticket step, in words for the person at the counter. */
  const stepError = useCallback(
    (error: unknown, number: string, step?: Step) => {
      if (error instanceof ApiError) {
        const details = error.details as Partial<State> & { due?: string };
        if (error.code === "ticket.transition_not_allowed" && details.status && step)
          return refusal(
            number,
            { status: details.status, approval: details.approval ?? null, allowed: details.allowed ?? [] },
            { step },
          );
        if (error.code === "ticket.balance_due" && details.due)
          return t("errors.balance_due", { due: details.due });
        if (error.code === "photo.not_uploaded") return t("errors.photo_not_uploaded");
        if (error.code === "ticket.not_found") return t("errors.not_found");
        if (error.code === "request.invalid" && error.issues.length)
          return error.issues.map(issueText).join(" ");
      }
      return errorText(error);
    },
    [t, refusal, errorText, issueText],
  );

  return { stateText, refusal, stepError };
}
