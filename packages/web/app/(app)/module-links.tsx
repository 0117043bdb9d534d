"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useSession } from "@/components/session";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { navFor } from "@/lib/nav";

/** Shortcuts to the modules this person may open: the same table as the navigation. */
export function ModuleLinks() {
  const t = useTranslations();
  const user = useSession();
  const items = navFor(user.role)
    .flatMap((section) => section.items)
    .filter((item) => item.href !== "/");
  return (
    <Card aria-labelledby="modules-title">
      <CardHeader>
        <CardTitle id="modules-title">{t("dashboard.modules_title")}</CardTitle>
        <CardDescription>{t("dashboard.modules_description", { name: user.name })}</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-2">
          {items.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className="flex min-h-11 items-center gap-2 rounded-md border px-3 py-2 text-sm outline-none transition-colors hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
              >
                <item.icon className="size-4 shrink-0 text-primary" aria-hidden="true" />
                <span>{t(`nav.items.${item.key}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
