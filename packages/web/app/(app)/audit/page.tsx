import { moduleMetadata } from "@/lib/metadata";
import { AuditView } from "./audit-view";

export const generateMetadata = moduleMetadata("audit");

export default function AuditPage() {
  return <AuditView />;
}
