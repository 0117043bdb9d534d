import { moduleMetadata } from "@/lib/metadata";
import { CustomerDetail } from "./customer-detail";

export const generateMetadata = moduleMetadata("crm");

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CustomerDetail id={id} />;
}
