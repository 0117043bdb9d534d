import { moduleMetadata } from "@/lib/metadata";
import { Board } from "./board";

export const generateMetadata = moduleMetadata("tickets");

export default function TicketsPage() {
  return <Board />;
}
