import { handler as consume } from "../consumers/einvoice";
import { loadEinvoiceEnv } from "../env/einvoice";

loadEinvoiceEnv();
export const handler = consume;
