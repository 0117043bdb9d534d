import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { Board } from "./board";

export const generateMetadata = moduleMetadata("tickets");

export default function TicketsPage() {
  // The board with no filter chosen: its first request.
  preloadApi("/tickets/kanban");
  return <Board />;
}
