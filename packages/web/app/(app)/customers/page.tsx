import { moduleMetadata } from "@/lib/metadata";
import { CustomerList } from "./customer-list";

export const generateMetadata = moduleMetadata("crm");

export default function CustomersPage() {
  return <CustomerList />;
}
