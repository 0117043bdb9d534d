import type { EinvoiceRequestView } from "@/lib/api/public";

/** GET /api/public/einvoice/{token}: what a receipt's e-invoice link shows (generated from the public API document). */
export type PublicEinvoice = EinvoiceRequestView;
