import { Suspense } from "react";
import { moduleMetadata } from "@/lib/metadata";
import { QuotesView } from "./quotes-view";

export const generateMetadata = moduleMetadata("quotes");

export default function Page() {
  return (
    <Suspense>
      <QuotesView />
    </Suspense>
  );
}
