import { NotBuilt } from "@/components/not-built";
import { moduleMetadata } from "@/lib/metadata";

export const generateMetadata = moduleMetadata("pos");

export default function Page() {
  return <NotBuilt module="pos" />;
}
