import * as z from "zod";
import { Money } from "../money/index";

/**
 * The shapes of the catalogue's file and label routes, apart from the code behind them: a route
 * declares these at the function's cold start, and the CSV parser and barcode drawer (bwip-js,
 * 130 KB) load only with the first file or label asked for.
 */

export const ImportInput = z.object({
  /** The file's text: a header row naming some of COLUMNS (sku always), then one product per row. */
  csv: z.string().min(1).max(250_000),
  /** Only report what the file would change (the default), or write it. */
  dry_run: z.boolean().default(true),
});

export const Issue = z.object({
  /** The file's line the row starts on (the header is line 1). */
  line: z.number().int(),
  sku: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
});
export type Issue = z.infer<typeof Issue>;

export const Report = z.object({
  dry_run: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(
    z.object({
      sku: z.string(),
      changes: z.record(z.string(), z.object({ from: z.string(), to: z.string() })),
    }),
  ),
  unchanged: z.number().int(),
  errors: z.array(Issue),
});
export type Report = z.infer<typeof Report>;

export const LabelSize = z.enum(["40x30", "50x25"]);
export type LabelSize = z.infer<typeof LabelSize>;

export const LabelItem = z.object({
  name: z.string().min(1).max(200),
  price: Money.Price,
  sku: z.string().min(1).max(80),
  barcode: z.string().max(80).nullish(),
});
export type LabelItem = z.infer<typeof LabelItem>;
