/** GET /api/public/einvoice/{token}: what a receipt's e-invoice link shows. */
export type PublicEinvoice = {
  shop: { name: string };
  invoice: { number: string; issued_at: string | null; total: string; currency: string };
  state: "open" | "requested" | "issued" | "consolidated";
  validation_link: string | null;
};
