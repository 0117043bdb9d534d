"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Textarea } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { api } from "@/lib/api";
import { PRIORITIES, type Priority, type TicketView } from "./model";
import { usePeople } from "./people";
import { PhotoPicker, ticketPhotos, usePhotoUploads } from "./photo-picker";
import { Field, type FormProps, Frame, useStep } from "./step-frame";

/** The steps that change a ticket's details without moving it: a note or photo, who has it, its priority. */

export function NoteForm({ view, onClose, onDone }: FormProps) {
  const t = useTranslations("ticket.forms");
  const { ticket } = view;
  const uploads = usePhotoUploads(ticketPhotos(ticket.id));
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

export function AssignForm({ view, onClose, onDone }: FormProps) {
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

export function PriorityForm({ view, onClose, onDone }: FormProps) {
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
