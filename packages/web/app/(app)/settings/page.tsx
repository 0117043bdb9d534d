import { moduleMetadata } from "@/lib/metadata";
import { SettingsView } from "./settings-view";

export const generateMetadata = moduleMetadata("settings");

export default function SettingsPage() {
  return <SettingsView />;
}
