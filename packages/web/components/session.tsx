"use client";

import { createContext, useContext } from "react";
import type { Role } from "@/lib/nav";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Signed in with a temporary password: the shell shows only the change-password screen. */
  must_change_password: boolean;
};

export const SessionContext = createContext<SessionUser | undefined>(undefined);

/** The signed-in user; only inside the authenticated shell. */
export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useSession is only available inside the authenticated shell");
  return user;
}
