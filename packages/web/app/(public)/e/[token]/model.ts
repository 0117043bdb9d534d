/** GET /api/public/einvoice/{token}: what a receipt's e-invoice link shows. */
export type PublicEinvoice = {
  shop: { name: string };
  invoice: { number: string; issued_at: string | null; total: string; currency: string };
  /** core/src/einvoice/flow/public-state.ts: the buyer's words for what staff see. */
  state: "open" | "preparing" | "submitted" | "valid" | "needs_shop" | "cancelled" | "consolidated";
  validation_link: string | null;
};
