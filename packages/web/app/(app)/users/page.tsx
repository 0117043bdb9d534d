import { moduleMetadata } from "@/lib/metadata";
import { UsersView } from "./users-view";

export const generateMetadata = moduleMetadata("users");

export default function UsersPage() {
  return <UsersView />;
}
