import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/page-header";
import { RouteMessages } from "@/i18n/scopes";
import { moduleMetadata } from "@/lib/metadata";
import { HealthPanel } from "./health-panel";
import { KpiCards } from "./kpi-cards";
import { LowStock } from "./low-stock";
import { ModuleLinks } from "./module-links";
import { NeedsAttention } from "./needs-attention";

export const generateMetadata = moduleMetadata("dashboard");

export default function Dashboard() {
  const t = useTranslations("dashboard");
  return (
    <RouteMessages route="dashboard">
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-6 xl:grid-cols-5">
        <div className="xl:col-span-5">
          <KpiCards />
        </div>
        <div className="flex flex-col gap-6 xl:col-span-3">
          <NeedsAttention />
          <LowStock />
          <HealthPanel />
        </div>
        <div className="xl:col-span-2">
          <ModuleLinks />
        </div>
      </div>
    </RouteMessages>
  );
}
