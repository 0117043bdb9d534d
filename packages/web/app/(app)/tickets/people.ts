"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { useSession } from "@/components/session";
import { api } from "@/lib/api";
import type { Role } from "@/lib/nav";

export type Person = { id: string; name: string; role: Role; status: string };

const PEOPLE_TTL_MS = 60_000;
let cached: { at: number; list: Promise<Person[]> } | undefined;

/** One GET /api/users for every card, timeline row and dialog on the page, renewed after a minute. */
function listPeople(): Promise<Person[]> {
  if (!cached || Date.now() - cached.at > PEOPLE_TTL_MS) {
    const list = api.get<{ users: Person[] }>("/users").then((body) => body.users);
    cached = { at: Date.now(), list };
    list.catch(() => {
      cached = undefined;
    });
  }
  return cached.list;
}

/**
 * Who tickets can be assigned to, and how an assignee is named. Only admins may list users
 * (GET /api/users), so others see "you" or just "assigned".
 */
export function usePeople() {
  const me = useSession();
  const t = useTranslations("ticket.assignee");
  const [people, setPeople] = useState<Person[]>();

  useEffect(() => {
    if (me.role !== "admin") return;
    let cancelled = false;
    listPeople()
      .then((list) => {
        if (!cancelled) setPeople(list);
      })
      .catch(() => {
        // Names are a nicety here: without them the board still says "assigned".
        if (!cancelled) setPeople([]);
      });
    return () => {
      cancelled = true;
    };
  }, [me.role]);

  const nameOf = useCallback(
    (id: string | null) => {
      if (!id) return t("nobody");
      if (id === me.id) return t("you");
      return people?.find((person) => person.id === id)?.name ?? t("someone");
    },
    [people, me.id, t],
  );

  /** A colleague's name, when this person may know it (admins). */
  const knownName = useCallback((id: string) => people?.find((person) => person.id === id)?.name, [people]);

  /** Who did something: "you", their name for admins, else just "staff". */
  const staffName = useCallback(
    (id: string | null) => {
      if (id && id === me.id) return t("you");
      return people?.find((person) => person.id === id)?.name ?? t("staff");
    },
    [people, me.id, t],
  );

  /** People a ticket may go to: admins pick anyone active in the workshop, others only themselves. */
  const assignable =
    me.role === "admin"
      ? (people ?? []).filter((person) => person.status === "active" && person.role !== "cashier")
      : [{ id: me.id, name: me.name, role: me.role, status: "active" }];

  return { me, people, nameOf, knownName, staffName, assignable };
}
