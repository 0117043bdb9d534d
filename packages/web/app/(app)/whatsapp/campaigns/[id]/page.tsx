import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { CampaignDetail } from "../campaign-detail";

export const generateMetadata = moduleMetadata("campaigns");

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  preloadApi(`/campaigns/${encodeURIComponent(id)}`);
  return <CampaignDetail id={id} />;
}
