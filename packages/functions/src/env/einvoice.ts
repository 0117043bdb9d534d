import { EinvoiceEnv } from "@wapos/core/einvoice/env";
import { loadProcessEnv } from "@wapos/core/env/process";
import { LambdaEnv } from "./lambda";

/** The einvoice consumer: builds, signs and submits e-invoices and polls LHDN. */
export const EinvoiceConsumerEnv = LambdaEnv.extend({ ...EinvoiceEnv.shape });

export const loadEinvoiceEnv = () => loadProcessEnv("einvoice consumer", EinvoiceConsumerEnv);
