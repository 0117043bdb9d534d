"use client";

import { LoaderCircle, Unlink } from "lucide-react";
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
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useActionErrorText } from "./model";

/** Unlinks the shop's number after a confirmation: until it is linked again, no WhatsApp goes in or out. */
export function UnlinkButton({ onRequested }: { onRequested: () => void }) {
  const t = useTranslations("connection");
  const tc = useTranslations("common");
  const notify = useToast();
  const errorText = useActionErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const change = (next: boolean) => {
    setOpen(next);
    if (!next) setFailure(undefined);
  };

  const unlink = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post("/whatsapp/connection/logout");
      setOpen(false);
      notify("success", t("unlink_requested"));
      onRequested();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Unlink aria-hidden="true" />
          {t("unlink")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <DialogHeader>
          <DialogTitle>{t("unlink_title")}</DialogTitle>
          <DialogDescription>{t("unlink_body")}</DialogDescription>
        </DialogHeader>
        {failure ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{failure}</AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={() => change(false)}>
            {tc("cancel")}
          </Button>
          <Button variant="destructive" disabled={busy} onClick={unlink}>
            {busy ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
            {t("unlink_confirm")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
