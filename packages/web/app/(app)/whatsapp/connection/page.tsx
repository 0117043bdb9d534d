import { moduleMetadata } from "@/lib/metadata";
import { ConnectionView } from "./connection-view";

export const generateMetadata = moduleMetadata("connection");

export default function ConnectionPage() {
  return <ConnectionView />;
}
