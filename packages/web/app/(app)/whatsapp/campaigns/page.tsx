import { NotBuilt } from "@/components/not-built";
import { moduleMetadata } from "@/lib/metadata";

export const generateMetadata = moduleMetadata("campaigns");

export default function Page() {
  return <NotBuilt module="campaigns" />;
}
