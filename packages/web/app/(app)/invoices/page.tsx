import { Suspense } from "react";
import { moduleMetadata } from "@/lib/metadata";
import { InvoicesView } from "./invoices-view";

export const generateMetadata = moduleMetadata("invoices");

export default function Page() {
  return (
    <Suspense>
      <InvoicesView />
    </Suspense>
  );
}
