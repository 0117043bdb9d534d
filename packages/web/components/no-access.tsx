import { Lock } from "lucide-react";
import { useTranslations } from "next-intl";

export function NoAccess() {
  const t = useTranslations("access");
  return (
    <div
      className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center"
      data-testid="no-access"
    >
      <Lock className="size-8 text-muted-foreground" aria-hidden="true" />
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-muted-foreground">{t("body")}</p>
    </div>
  );
}
