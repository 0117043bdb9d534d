import { moduleMetadata } from "@/lib/metadata";
import { Counter } from "./counter";

export const generateMetadata = moduleMetadata("pos");

export default function Page() {
  return <Counter />;
}
