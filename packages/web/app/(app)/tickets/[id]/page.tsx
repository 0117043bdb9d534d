import { moduleMetadata } from "@/lib/metadata";
import { TicketDetail } from "./ticket-detail";

export const generateMetadata = moduleMetadata("tickets");

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TicketDetail id={id} />;
}
