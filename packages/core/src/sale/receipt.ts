import * as z from "zod";
import { Link } from "../link/index";
import { Settings } from "../settings/index";
import { SettingsLogo } from "../settings/logo";
import { View, view } from "./view";

export * as Receipt from "./receipt";

/**
 * What the counter prints: the sale, the shop's header, the footer and width from the pos
 * settings, and the address the receipt's QR opens (the buyer's e-invoice request page). The
 * cashier cannot read the settings, so everything the receipt needs comes in this one answer.
 */
export const Info = z.object({
  invoice: View,
  shop: z.object({
    name: z.string(),
    address: z.string(),
    postcode: z.string(),
    city: z.string(),
    phone: z.string(),
    email: z.string(),
    /** A URL good for an hour, or null when the shop has no logo. */
    logo_url: z.string().nullable(),
    time_zone: z.string(),
    sst_number: z.string(),
  }),
  /** The customer's page for this invoice, printed as the QR. */
  receipt_url: z.url(),
  width: z.enum(["80mm", "58mm"]),
  footer: z.string(),
});
export type Info = z.infer<typeof Info>;

/**
 * The receipt of one invoice. Issues (or reuses) the invoice's customer link, so printing a
 * receipt writes a link row the first time.
 */
export async function get(invoiceId: string): Promise<Info> {
  const invoice = await view(invoiceId);
  const [settings, token] = await Promise.all([Settings.get(), Link.signInvoice(invoice.id)]);
  const { shop, pos, myinvois } = settings;
  return Info.parse({
    invoice,
    shop: {
      name: shop.name,
      address: shop.address,
      postcode: shop.postcode,
      city: shop.city,
      phone: shop.phone,
      email: shop.email,
      logo_url: await SettingsLogo.logoUrl(shop.logo_key),
      time_zone: shop.time_zone,
      sst_number: myinvois.sst_number,
    },
    receipt_url: Link.einvoiceRequestUrl(token),
    width: pos.receipt_width,
    footer: pos.receipt_footer,
  });
}
