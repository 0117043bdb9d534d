import { moduleMetadata } from "@/lib/metadata";
import { CampaignsView } from "./campaigns-view";

export const generateMetadata = moduleMetadata("campaigns");

export default function Page() {
  return <CampaignsView />;
}
