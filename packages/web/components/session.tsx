"use client";

import { createContext, useContext } from "react";
import type { StaffUser } from "@/lib/api/staff";

/** Who is signed in, as GET /api/auth/me answers (generated from the staff API's document). */
export type SessionUser = StaffUser;

export const SessionContext = createContext<SessionUser | undefined>(undefined);

/** The signed-in user; only inside the authenticated shell. */
export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSession is only available inside the authenticated shell");
  return user;
}
