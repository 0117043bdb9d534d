import { NotBuilt } from "@/components/not-built";
import { moduleMetadata } from "@/lib/metadata";

export const generateMetadata = moduleMetadata("crm");

export default function Page() {
  return <NotBuilt module="crm" />;
}
