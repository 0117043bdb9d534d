import { moduleMetadata } from "@/lib/metadata";
import { EinvoiceView } from "./einvoice-view";

export const generateMetadata = moduleMetadata("einvoice");

export default function EinvoicePage() {
  return <EinvoiceView />;
}
