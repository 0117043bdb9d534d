import { Money } from "../money/index";

/**
 * The totals every document prints (invoice, receipt page, quote, PDF), in the order that adds
 * up from top to bottom: the lines as listed, less the discounts given, plus SST when it is on
 * top, make the total; SST inside the prices is shown after the total, as included. Pure, so the
 * dashboard and the PDF print the same rows.
 */
export type PrintedRow = { kind: "subtotal" | "discount" | "tax" | "total" | "tax_included"; amount: string };

type Printable = {
  listed_subtotal: string;
  discount_given: string;
  tax_total: string;
  total: string;
  prices_include_tax: boolean;
};

export function printedTotals(view: Printable): PrintedRow[] {
  const some = (amount: string) => !Money.parse(amount).eq(Money.ZERO);
  const tax = some(view.tax_total) ? view.tax_total : undefined;
  return [
    { kind: "subtotal", amount: view.listed_subtotal },
    ...(some(view.discount_given) ? [{ kind: "discount" as const, amount: `-${view.discount_given}` }] : []),
    ...(tax && !view.prices_include_tax ? [{ kind: "tax" as const, amount: tax }] : []),
    { kind: "total", amount: view.total },
    ...(tax && view.prices_include_tax ? [{ kind: "tax_included" as const, amount: tax }] : []),
  ];
}
