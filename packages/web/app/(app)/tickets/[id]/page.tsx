import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { TicketDetail } from "./ticket-detail";

export const generateMetadata = moduleMetadata("tickets");

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  preloadApi(`/tickets/${encodeURIComponent(id)}`);
  return <TicketDetail id={id} />;
}
