import { moduleMetadata } from "@/lib/metadata";
import { preloadApi } from "@/lib/preload";
import { CustomerList } from "./customer-list";

export const generateMetadata = moduleMetadata("crm");

export default function CustomersPage() {
  // The list before anything is typed in its search box.
  preloadApi("/customers");
  return <CustomerList />;
}
