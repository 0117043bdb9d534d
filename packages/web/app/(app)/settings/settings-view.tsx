"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { LoadFailed } from "@/components/load-failed";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError, api } from "@/lib/api";
import { SectionForm } from "./section-form";
import { SECTIONS, type SectionKey, type Settings } from "./spec";

export function SettingsView() {
  const t = useTranslations("settings");
  const [settings, setSettings] = useState<Settings>();
  const [logoUrl, setLogoUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(() => {
    setError(undefined);
    api
      .get<{ settings: Settings; logo_url: string | null }>("/settings")
      .then((body) => {
        setSettings(body.settings);
        setLogoUrl(body.logo_url);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, "unknown", String(e))));
  }, []);
  useEffect(load, [load]);

  // Only the saved section is replaced, so unsaved edits in the other sections survive.
  const saved = useCallback(
    (key: SectionKey, next: Settings | undefined, nextLogoUrl?: string | null) => {
      if (nextLogoUrl !== undefined) setLogoUrl(nextLogoUrl);
      const apply = (fresh: Settings) =>
        setSettings((current) => (current ? { ...current, [key]: fresh[key] } : fresh));
      if (next?.[key]) apply(next);
      else
        api
          .get<{ settings: Settings }>("/settings")
          .then((body) => apply(body.settings))
          .catch(load);
    },
    [load],
  );

  const timeZones = useMemo(
    () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []),
    [],
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {error ? (
        <LoadFailed error={error} onRetry={load} />
      ) : !settings ? (
        <div aria-busy="true" className="flex flex-col gap-4">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : (
        <div className="flex flex-col gap-6 lg:flex-row lg:items-start">
          <nav aria-label={t("sections_label")} className="lg:sticky lg:top-20 lg:w-52 lg:shrink-0">
            <ul className="-mx-1 flex gap-1 overflow-x-auto pb-1 lg:flex-col lg:overflow-visible">
              {SECTIONS.map((section) => (
                <li key={section.key} className="shrink-0">
                  <a
                    href={`#section-${section.key}`}
                    className="block rounded-md px-3 py-2 text-sm text-muted-foreground outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    {t(`sections.${section.key}.title`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="flex min-w-0 flex-1 flex-col gap-6">
            {SECTIONS.map((section) => (
              <SectionForm
                key={section.key}
                sectionKey={section.key}
                fields={section.fields}
                notBuilt={section.notBuilt}
                value={settings[section.key]}
                logoUrl={section.key === "shop" ? logoUrl : undefined}
                onSaved={saved}
              />
            ))}
          </div>
          <datalist id="time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
      )}
    </>
  );
}
