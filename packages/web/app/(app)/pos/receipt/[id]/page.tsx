import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ReceiptView } from "./receipt-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pos.receipt");
  return { title: t("title") };
}

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ width?: string }>;
}) {
  const { id } = await params;
  const { width } = await searchParams;
  return <ReceiptView id={id} width={width === "58" ? "58mm" : width === "80" ? "80mm" : undefined} />;
}
