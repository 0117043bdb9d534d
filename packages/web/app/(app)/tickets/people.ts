"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useSession } from "@/components/session";
import type { GetUsersResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";

export type Person = Pick<GetUsersResponse["users"][number], "id" | "name" | "role" | "status">;

/** Names change rarely: every card, timeline row and dialog shares one GET /api/users a minute. */
const PEOPLE_TTL_MS = 60_000;

/**
 * Who tickets can be assigned to, and how an assignee is named. Only admins may list users
 * (GET /api/users), so others see "you" or just "assigned".
 */
export function usePeople() {
  const me = useSession();
  const t = useTranslations("ticket.assignee");
  const users = useApi<GetUsersResponse>(me.role === "admin" ? "/users" : null, {
    dedupingInterval: PEOPLE_TTL_MS,
  });
  // Names are a nicety here: without them (an error) the board still says "assigned".
  const people: Person[] | undefined = users.error ? [] : users.data?.users;

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
