"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { api } from "@/lib/api";
import type { GetSettingsResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { SectionForm } from "./section-form";
import { SECTIONS, type SectionKey, type Settings } from "./spec";

export function SettingsView() {
  const t = useTranslations("settings");
  const state = useApi<GetSettingsResponse>("/settings");

  const { set, retry } = state;
  // Only the saved section is replaced, so unsaved edits in the other sections survive.
  const saved = useCallback(
    (key: SectionKey, next: Settings | undefined, nextLogoUrl?: string | null) => {
      const apply = (fresh: Settings) =>
        set((current) =>
          current
            ? {
                settings: { ...current.settings, [key]: fresh[key] },
                logo_url: nextLogoUrl === undefined ? current.logo_url : nextLogoUrl,
              }
            : current,
        );
      if (next?.[key]) apply(next);
      else
        api
          .get<GetSettingsResponse>("/settings")
          .then((body) => apply(body.settings))
          .catch(retry);
    },
    [set, retry],
  );

  const timeZones = useMemo(
    () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []),
    [],
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <DataState
        state={state}
        loading={
          <div aria-busy="true" className="flex flex-col gap-4">
            <Skeleton className="h-48 w-full" />
            <Skeleton className="h-48 w-full" />
          </div>
        }
      >
        {({ settings, logo_url: logoUrl }) => (
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
      </DataState>
    </>
  );
}
