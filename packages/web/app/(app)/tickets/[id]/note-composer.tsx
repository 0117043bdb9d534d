"use client";

import { LoaderCircle, MessageSquarePlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import type { TicketView } from "../model";
import { PhotoPicker, ticketPhotos, usePhotoUploads } from "../photo-picker";
import { useTicketText } from "../use-ticket-text";

/** A note and/or photos on the ticket's timeline, at any stage. */
export function NoteComposer({ view, onDone }: { view: TicketView; onDone: (view: TicketView) => void }) {
  const t = useTranslations("ticket.forms");
  const td = useTranslations("ticket.done");
  const notify = useToast();
  const { stepError } = useTicketText();
  const uploads = usePhotoUploads(ticketPhotos(view.ticket.id));
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim() && !uploads.keys.length) return setProblem(t("note_or_photo"));
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await api.post<TicketView>(`/tickets/${encodeURIComponent(view.ticket.id)}/notes`, {
        note: note.trim() || undefined,
        photos: uploads.keys,
      });
      setNote("");
      uploads.reset();
      notify("success", td("note", { number: view.ticket.number }));
      onDone(next);
    } catch (error) {
      setProblem(stepError(error, view.ticket.number, "note"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-col gap-3 border-t pt-4"
      data-testid="note-composer"
    >
      <Label htmlFor="ticket-note">{t("add_note")}</Label>
      <Textarea
        id="ticket-note"
        value={note}
        maxLength={4000}
        placeholder={t("note_placeholder")}
        onChange={(event) => setNote(event.target.value)}
      />
      <PhotoPicker id="ticket-note-photos" label={t("photos")} uploads={uploads} />
      {problem ? (
        <p className="text-sm text-destructive" role="alert">
          {problem}
        </p>
      ) : null}
      <Button type="submit" className="self-start" disabled={busy || uploads.busy}>
        {busy ? (
          <LoaderCircle className="animate-spin" aria-hidden="true" />
        ) : (
          <MessageSquarePlus aria-hidden="true" />
        )}
        {t("note_submit")}
      </Button>
    </form>
  );
}
