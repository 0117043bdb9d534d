import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { preloadApi } from "@/lib/preload";

export default function AuthenticatedLayout({ children }: { children: ReactNode }) {
  // Who is signed in: every staff page asks first (components/app-shell.tsx).
  preloadApi("/auth/me");
  return <AppShell>{children}</AppShell>;
}
