"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { itemFor, navFor, type Role } from "@/lib/nav";
import { cn } from "@/lib/utils";

export function NavLinks({ role, onNavigate, id }: { role: Role; onNavigate?: () => void; id: string }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const active = itemFor(pathname);
  return (
    <nav aria-label={t("label")} className="flex shrink-0 flex-col gap-3 px-3 py-3" data-testid="main-nav">
      {navFor(role).map((section) => {
        const headingId = `${id}-${section.key}`;
        return (
          <div key={section.key}>
            <p
              id={headingId}
              className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground"
            >
              {t(`sections.${section.key}`)}
            </p>
            <ul className="flex flex-col gap-0.5" aria-labelledby={headingId}>
              {section.items.map((item) => {
                const current = active?.href === item.href;
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      onClick={onNavigate}
                      aria-current={current ? "page" : undefined}
                      className={cn(
                        "flex min-h-9 items-center gap-3 rounded-md px-2 py-1.5 text-sm outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
                        current && "bg-primary/10 font-medium text-primary dark:bg-primary/15",
                      )}
                    >
                      <item.icon className="size-4 shrink-0" aria-hidden="true" />
                      {t(`items.${item.key}`)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
