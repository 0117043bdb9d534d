"use client";

import { BellOff, BellRing, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useErrorText } from "@/lib/issues";
import type { Customer, CustomerPage } from "../model";

/**
 * Stops or restores WhatsApp messages to the customer on their request, with a note of what
 * they asked as the evidence. Any staff member may stop them; only an admin may restore them
 * (the customer can always reply START). The API audits both.
 */
export function WhatsappConsent({
  customer,
  role,
  onSaved,
}: {
  customer: Customer;
  role: "admin" | "tech" | "cashier";
  onSaved: (page: CustomerPage) => void;
}) {
  const t = useTranslations("customers.whatsapp_consent");
  const tc = useTranslations("common");
  const notify = useToast();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const action = customer.whatsapp_consent === "opted_out" ? "restore" : "withdraw";
  if (action === "restore" && role !== "admin") return null;

  const reset = (next: boolean) => {
    setOpen(next);
    setNote("");
    setProblem(undefined);
  };

  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const page = await api.post<CustomerPage>(
        `/customers/${encodeURIComponent(customer.id)}/whatsapp-consent/${action}`,
        { note },
      );
      notify("success", t(action === "withdraw" ? "withdrawn" : "restored", { name: customer.name }));
      setOpen(false);
      onSaved(page);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const Icon = action === "withdraw" ? BellOff : BellRing;
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button variant="outline" data-testid={`whatsapp-consent-${action}`}>
          <Icon aria-hidden="true" />
          {t(`${action}_open`)}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <DialogHeader>
          <DialogTitle>{t(`${action}_title`, { name: customer.name })}</DialogTitle>
          <DialogDescription>{t(`${action}_description`)}</DialogDescription>
        </DialogHeader>
        {problem ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        ) : null}
        <div className="flex flex-col gap-2">
          <Label htmlFor="consent-note">{t("note")}</Label>
          <Textarea
            id="consent-note"
            rows={3}
            maxLength={500}
            placeholder={t("note_placeholder")}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <DialogFooter>
          <Button
            variant={action === "withdraw" ? "destructive" : "default"}
            onClick={submit}
            disabled={busy || !note.trim()}
          >
            {busy ? (
              <LoaderCircle className="animate-spin" aria-hidden="true" />
            ) : (
              <Icon aria-hidden="true" />
            )}
            {t(`${action}_submit`)}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
