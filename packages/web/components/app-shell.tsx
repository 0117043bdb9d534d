"use client";

import { LogOut, Menu, RotateCw } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { Brand } from "@/components/brand";
import { LanguageSwitch } from "@/components/language-switch";
import { NavLinks } from "@/components/nav-links";
import { NoAccess } from "@/components/no-access";
import { SessionContext, type SessionUser } from "@/components/session";
import { SkipLink } from "@/components/skip-link";
import { ThemeSwitch } from "@/components/theme-switch";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogDescription, DialogTitle, DialogTrigger, SheetContent } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { WhatsAppBanner } from "@/components/whatsapp-banner";
import { api } from "@/lib/api";
import { canSee } from "@/lib/nav";

type State = { status: "loading" } | { status: "ready"; user: SessionUser } | { status: "failed" };

/** Where a user with a temporary password is taken to choose their own. */
const ACCOUNT = "/account";

function ShellLoading() {
  const tc = useTranslations("common");
  return (
    <div className="flex min-h-dvh" aria-busy="true">
      <span className="sr-only" role="status">
        {tc("loading")}
      </span>
      <div className="hidden w-64 border-r bg-sidebar p-4 md:block">
        <Skeleton className="mb-6 h-7 w-40" />
        {["a", "b", "c", "d", "e", "f", "g", "h"].map((key) => (
          <Skeleton key={key} className="mb-2 h-8 w-full" />
        ))}
      </div>
      <div className="flex-1">
        <div className="h-14 border-b" />
        <div className="p-6">
          <Skeleton className="h-8 w-48" />
        </div>
      </div>
    </div>
  );
}

function UserLabel({ user, className }: { user: SessionUser; className?: string }) {
  const t = useTranslations("roles");
  return (
    <Link
      href="/account"
      className={`${className ?? ""} rounded-md outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring`}
      data-testid="current-user"
    >
      <p className="truncate text-sm font-medium leading-tight">{user.name}</p>
      <p className="truncate text-xs text-muted-foreground">{t(user.role)}</p>
    </Link>
  );
}

/**
 * The signed-in frame around every staff page. Who is signed in comes from /api/auth/me in
 * the browser, so no page HTML ever carries a person's data (see public/sw.js).
 */
export function AppShell({ children }: { children: ReactNode }) {
  const t = useTranslations("shell");
  const tc = useTranslations("common");
  const pathname = usePathname();
  const router = useRouter();
  const [state, setState] = useState<State>({ status: "loading" });
  const [menuOpen, setMenuOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const load = useCallback(() => {
    setState({ status: "loading" });
    api
      .get<{ user: SessionUser }>("/auth/me")
      .then(({ user }) => setState({ status: "ready", user }))
      .catch(() => setState({ status: "failed" }));
  }, []);
  useEffect(load, [load]);

  const logOut = async () => {
    setLeaving(true);
    try {
      await api.post("/auth/logout");
    } catch {
      // Signing out locally still matters when the server cannot be reached; the cookie expires on its own.
    }
    window.location.assign("/login");
  };

  const mustChange = state.status === "ready" && state.user.must_change_password;
  useEffect(() => {
    if (mustChange && pathname !== ACCOUNT) {
      const here = `${window.location.pathname}${window.location.search}`;
      router.replace(`${ACCOUNT}?next=${encodeURIComponent(here)}`);
    }
  }, [mustChange, pathname, router]);

  if (state.status === "loading" || (mustChange && pathname !== ACCOUNT)) return <ShellLoading />;

  if (state.status === "failed") {
    return (
      <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
        <Alert variant="destructive" role="alert">
          <AlertTitle>{t("unavailable_title")}</AlertTitle>
          <AlertDescription>{t("unavailable_body")}</AlertDescription>
        </Alert>
        <Button onClick={load} variant="outline" className="self-start">
          <RotateCw aria-hidden="true" />
          {tc("retry")}
        </Button>
      </main>
    );
  }

  const { user } = state;
  const logOutButton = (
    <Button variant="ghost" onClick={logOut} disabled={leaving} className="px-2 sm:px-3">
      <LogOut aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">{t("log_out")}</span>
    </Button>
  );

  // A temporary password: nothing but choosing one's own (the API refuses the rest anyway).
  if (mustChange)
    return (
      <SessionContext.Provider value={user}>
        <SkipLink />
        <header className="flex h-14 items-center gap-2 border-b px-2 sm:px-4">
          <Brand name={tc("product")} />
          <div className="ml-auto flex items-center gap-1 sm:gap-2">
            <LanguageSwitch />
            <ThemeSwitch />
            {logOutButton}
          </div>
        </header>
        <main id="main" tabIndex={-1} className="px-4 py-5 outline-none sm:px-6 lg:py-8">
          <div className="mx-auto w-full max-w-lg">{children}</div>
        </main>
      </SessionContext.Provider>
    );

  return (
    <SessionContext.Provider value={user}>
      <SkipLink />
      <div className="flex min-h-dvh">
        <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col overflow-y-auto border-r bg-sidebar md:flex lg:w-64 print:hidden">
          <div className="flex h-14 shrink-0 items-center border-b px-5">
            <Brand name={tc("product")} />
          </div>
          <NavLinks role={user.role} id="sidebar" />
        </aside>

        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-2 backdrop-blur supports-[backdrop-filter]:bg-background/80 sm:px-4 print:hidden">
            <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
              <DialogTrigger asChild>
                <Button variant="ghost" size="icon" className="md:hidden" aria-label={t("open_menu")}>
                  <Menu aria-hidden="true" />
                </Button>
              </DialogTrigger>
              <SheetContent closeLabel={t("close_menu")} aria-describedby={undefined}>
                <div className="flex h-14 shrink-0 items-center border-b px-5">
                  <DialogTitle asChild>
                    <span>
                      <Brand name={tc("product")} />
                    </span>
                  </DialogTitle>
                  <DialogDescription className="sr-only">{t("menu_description")}</DialogDescription>
                </div>
                <UserLabel user={user} className="shrink-0 border-b px-5 py-3" />
                <NavLinks role={user.role} id="sheet" onNavigate={() => setMenuOpen(false)} />
              </SheetContent>
            </Dialog>
            <Brand name={tc("product")} className="md:hidden" />

            <div className="ml-auto flex items-center gap-1 sm:gap-2">
              <UserLabel user={user} className="hidden max-w-48 text-right sm:block" />
              <LanguageSwitch />
              <ThemeSwitch />
              {logOutButton}
            </div>
          </header>

          <main
            id="main"
            tabIndex={-1}
            className="flex-1 px-4 py-5 outline-none sm:px-6 lg:px-8 lg:py-8 print:p-0"
          >
            <div className="mx-auto w-full max-w-6xl">
              <div className="print:hidden">
                <WhatsAppBanner role={user.role} />
              </div>
              {canSee(user.role, pathname) ? children : <NoAccess />}
            </div>
          </main>
        </div>
      </div>
    </SessionContext.Provider>
  );
}
