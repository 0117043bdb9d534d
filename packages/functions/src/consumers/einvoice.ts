import { Einvoice } from "@wapos/core/einvoice/index";
import { consumer } from "../queue/consumer";

/** einvoice: one invoice's e-invoice to build, check, sign, submit and follow to LHDN's verdict. */
export const handler = consumer("einvoice", (message) => Einvoice.issue(message.invoice_id));
