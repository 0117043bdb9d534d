import { NotBuilt } from "@/components/not-built";
import { moduleMetadata } from "@/lib/metadata";

export const generateMetadata = moduleMetadata("stock");

export default function Page() {
  return <NotBuilt module="stock" />;
}
