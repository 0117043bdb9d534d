import { Construction } from "lucide-react";
import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/page-header";

/** The honest page for a module that does not exist yet: no sample rows, no placeholders that look real. */
export function NotBuilt({ module }: { module: string }) {
  const t = useTranslations();
  const name = t(`nav.items.${module}`);
  return (
    <>
      <PageHeader title={name} />
      <div
        className="flex flex-col items-start gap-3 rounded-xl border border-dashed p-6"
        data-testid="not-built"
      >
        <Construction className="size-6 text-muted-foreground" aria-hidden="true" />
        <p className="font-medium">{t("not_built.title", { module: name })}</p>
        <p className="text-muted-foreground">{t("not_built.body")}</p>
      </div>
    </>
  );
}
