import * as z from "zod";
import { Phone } from "../../util/phone";

/**
 * What a buyer gives to get their own e-invoice (the receipt's QR form, or staff at the
 * counter): their name, TIN and one id, and their address. A person who knows only their
 * MyKad number gives that, and the general public TIN stands in for the TIN (Specific
 * Guideline, Appendix 1).
 */
export const BuyerRequest = z.object({
  name: z.string().trim().min(1).max(300),
  tin: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,2}\d{8,12}$/, "A TIN like IG12345678090 or C12345678090")
    .optional(),
  id_type: z.enum(["NRIC", "BRN", "PASSPORT", "ARMY"]),
  id_value: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, "Letters and digits"),
  email: z.email().max(320).optional(),
  /** LHDN needs the buyer's phone; the customer's own is used when none is given. */
  phone: Phone.optional(),
  address_line1: z.string().trim().min(1).max(150),
  address_line2: z.string().trim().max(150).optional(),
  postcode: z.string().trim().max(50).optional(),
  city: z.string().trim().min(1).max(50),
  state_code: z.string().regex(/^(0[1-9]|1[0-6])$/, "A Malaysian state code, 01 to 16"),
  sst_number: z.string().trim().max(35).optional(),
});
export type BuyerRequest = z.infer<typeof BuyerRequest>;
