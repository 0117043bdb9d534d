"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

export type AnswerStrings = {
  question: string;
  approve: string;
  decline: string;
  confirmDecline: string;
  confirmYes: string;
  confirmNo: string;
  approved: string;
  declined: string;
  failed: string;
  changed: string;
};

/**
 * The customer's answer to the estimate. It acts with the link's token only: the request
 * leaves cookies out, so a staff session in the same browser never answers for the customer.
 */
export function AnswerButtons({
  ticketId,
  token,
  strings,
}: {
  ticketId: string;
  token: string;
  strings: AnswerStrings;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [, startTransition] = useTransition();
  const declineButton = useRef<HTMLButtonElement>(null);

  const send = async (kind: "approve" | "decline") => {
    setBusy(true);
    setMessage(undefined);
    try {
      const response = await fetch(`/api/tickets/${encodeURIComponent(ticketId)}/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ token }),
        credentials: "omit",
        cache: "no-store",
      });
      if (response.ok) {
        setMessage({ kind: "ok", text: kind === "approve" ? strings.approved : strings.declined });
        startTransition(() => router.refresh());
      } else setMessage({ kind: "error", text: response.status === 409 ? strings.changed : strings.failed });
    } catch {
      setMessage({ kind: "error", text: strings.failed });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <div className="flex flex-col gap-3 print:hidden" data-testid="estimate-answer">
      <p className="font-medium">{strings.question}</p>
      {confirming ? (
        <div className="flex flex-col gap-3 rounded-lg border border-destructive/50 p-3">
          <p id="confirm-decline">{strings.confirmDecline}</p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button
              variant="destructive"
              size="lg"
              disabled={busy}
              onClick={() => send("decline")}
              aria-describedby="confirm-decline"
            >
              {strings.confirmYes}
            </Button>
            <Button
              variant="outline"
              size="lg"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => declineButton.current?.focus());
              }}
              autoFocus
            >
              {strings.confirmNo}
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button size="lg" disabled={busy} onClick={() => send("approve")} className="text-base">
            {strings.approve}
          </Button>
          <Button
            ref={declineButton}
            variant="outline"
            size="lg"
            disabled={busy}
            onClick={() => setConfirming(true)}
            className="text-base"
          >
            {strings.decline}
          </Button>
        </div>
      )}
      <p
        role="status"
        className={message?.kind === "error" ? "text-sm text-destructive" : "text-sm text-success"}
      >
        {message?.text}
      </p>
    </div>
  );
}
