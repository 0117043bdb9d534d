import { moduleMetadata } from "@/lib/metadata";
import { ReportsView } from "./reports-view";

export const generateMetadata = moduleMetadata("reports");

export default function ReportsPage() {
  return <ReportsView />;
}
