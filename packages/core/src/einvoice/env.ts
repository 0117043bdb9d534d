import * as z from "zod";

export const EinvoiceEnv = z.object({
  /** Points the MyInvois client at another server (tests use a local fake of MyInvois). */
  MYINVOIS_API_URL: z.url().optional(),
});
