"use client";

import { Eye, EyeOff, LoaderCircle, Lock } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, api } from "@/lib/api";
import { useErrorText } from "@/lib/issues";

type State =
  | { kind: "hidden" }
  | { kind: "loading" }
  | { kind: "shown"; passcode: string | null }
  | { kind: "refused" }
  | { kind: "failed"; text: string };

/**
 * The device passcode, read only on request. The API decides who may read it (the assigned
 * technician and admins) and audits every reading; everyone else is told it is not theirs to see.
 */
export function Passcode({ ticketId }: { ticketId: string }) {
  const t = useTranslations("ticket.passcode");
  const errorText = useErrorText();
  const [state, setState] = useState<State>({ kind: "hidden" });

  const show = async () => {
    setState({ kind: "loading" });
    try {
      const body = await api.get<{ passcode: string | null }>(
        `/tickets/${encodeURIComponent(ticketId)}/passcode`,
      );
      setState({ kind: "shown", passcode: body.passcode });
    } catch (error) {
      // 404 is how the API hides a passcode from someone who may not read it (403 for a role without it).
      if (error instanceof ApiError && (error.status === 404 || error.status === 403))
        setState({ kind: "refused" });
      else setState({ kind: "failed", text: errorText(error) });
    }
  };

  return (
    <div className="mt-4 flex flex-col gap-2 border-t pt-4" data-testid="passcode">
      <p className="flex items-center gap-1 text-xs text-muted-foreground">
        <Lock className="size-3" aria-hidden="true" />
        {t("label")}
      </p>
      <div className="flex flex-wrap items-center gap-2" aria-live="polite">
        {state.kind === "shown" ? (
          <>
            <code
              className="rounded-md border bg-muted px-3 py-1.5 font-mono text-base"
              data-testid="passcode-value"
            >
              {state.passcode ?? t("none")}
            </code>
            <Button variant="ghost" size="sm" onClick={() => setState({ kind: "hidden" })}>
              <EyeOff aria-hidden="true" />
              {t("hide")}
            </Button>
          </>
        ) : (
          <Button variant="outline" size="sm" onClick={show} disabled={state.kind === "loading"}>
            {state.kind === "loading" ? (
              <LoaderCircle className="animate-spin" aria-hidden="true" />
            ) : (
              <Eye aria-hidden="true" />
            )}
            {t("show")}
          </Button>
        )}
        {state.kind === "refused" ? (
          <p className="text-sm text-muted-foreground" role="status" data-testid="passcode-refused">
            {t("not_allowed")}
          </p>
        ) : null}
        {state.kind === "failed" ? (
          <p className="text-sm text-destructive" role="alert">
            {state.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
