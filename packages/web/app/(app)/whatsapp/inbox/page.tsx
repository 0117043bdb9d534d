import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { InboxView } from "./inbox-view";
import { THREADS_PATH } from "./model";

export const generateMetadata = moduleMetadata("inbox");

export default function InboxPage() {
  preloadApi(THREADS_PATH);
  return <InboxView />;
}
