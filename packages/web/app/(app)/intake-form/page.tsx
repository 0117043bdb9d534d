import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IntakeFormView } from "./intake-form-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("intakeBuilder");
  return { title: t("title") };
}

export default function IntakeFormPage() {
  return <IntakeFormView />;
}
