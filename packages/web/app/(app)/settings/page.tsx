import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { SettingsView } from "./settings-view";

export const generateMetadata = moduleMetadata("settings");

export default function SettingsPage() {
  preloadApi("/settings");
  return <SettingsView />;
}
