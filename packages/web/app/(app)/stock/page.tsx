import { Suspense } from "react";
import { moduleMetadata } from "@/lib/metadata";
import { StockView } from "./stock-view";

export const generateMetadata = moduleMetadata("stock");

export default function Page() {
  return (
    <Suspense>
      <StockView />
    </Suspense>
  );
}
