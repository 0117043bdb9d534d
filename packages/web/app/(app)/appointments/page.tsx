import { Suspense } from "react";
import { moduleMetadata } from "@/lib/metadata";
import { AppointmentsView } from "./appointments-view";

export const generateMetadata = moduleMetadata("appointments");

export default function Page() {
  return (
    <Suspense>
      <AppointmentsView />
    </Suspense>
  );
}
