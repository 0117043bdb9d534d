import type { GetProductsResponse, PostCheckoutData } from "@/lib/api/staff";

export type Product = GetProductsResponse["products"][number];
export type CheckoutBody = PostCheckoutData["body"];
export type Method = CheckoutBody["payments"][number]["method"];
export const METHODS: readonly Method[] = ["cash", "card", "fpx", "duitnow", "bank_transfer"];

export type DiscountDraft = { kind: "percent" | "amount"; value: string };
export type CartLine = { product: Product; qty: number; discount: DiscountDraft };
export type PaymentDraft = { method: Method; amount: string; reference: string };

export const NO_DISCOUNT: DiscountDraft = { kind: "percent", value: "" };

// The counter's running total is only an estimate to talk to the customer with; the API prices
// the sale (SST on top, wholesale tiers, 5-sen cash rounding) and its answer is what prints.
// Money here is whole sen in a BigInt: never a float.

const MONEY = /^\d{1,10}(\.\d{1,2})?$/;

/** "12.5" → 1250n; undefined for anything that is not an amount. */
export function toSen(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (!MONEY.test(trimmed)) return undefined;
  const [whole, part = ""] = trimmed.split(".");
  return BigInt(whole!) * 100n + BigInt(part.padEnd(2, "0"));
}

/** 1250n → "12.50" */
export function fromSen(sen: bigint): string {
  const sign = sen < 0n ? "-" : "";
  const abs = sen < 0n ? -sen : sen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

export const rm = (sen: bigint) => `RM ${fromSen(sen)}`;

/** What a discount takes off `base` sen, half up to the sen, never more than the base. */
export function discountSen(base: bigint, discount: DiscountDraft): bigint {
  const value = toSen(discount.value);
  if (!value) return 0n;
  // A percent as hundredths of a percent ("12.5" → 1250n), so the division is by 10 000.
  const off = discount.kind === "percent" ? (base * value + 5000n) / 10000n : value;
  return off > base ? base : off;
}

export function lineSen(line: CartLine): bigint {
  const listed = (toSen(line.product.price) ?? 0n) * BigInt(line.qty);
  return listed - discountSen(listed, line.discount);
}

export function estimateSen(lines: CartLine[], cartDiscount: DiscountDraft): bigint {
  const sum = lines.reduce((total, line) => total + lineSen(line), 0n);
  return sum - discountSen(sum, cartDiscount);
}

/** A discount as the API takes it, or undefined when none was entered. */
function toDiscount(draft: DiscountDraft): CheckoutBody["discount"] {
  const value = draft.value.trim();
  if (!value || toSen(value) === 0n) return undefined;
  return { kind: draft.kind, value };
}

/** The body of POST /api/checkout for this cart (the key and any approval added by the caller). */
export function checkoutBody(input: {
  lines: CartLine[];
  discount: DiscountDraft;
  payments: PaymentDraft[];
  phone: string;
  name: string;
  key: string;
}): CheckoutBody {
  const phone = input.phone.trim();
  const name = input.name.trim();
  return {
    items: input.lines.map((line) => ({
      product_id: line.product.id,
      qty: line.qty,
      discount: toDiscount(line.discount),
    })),
    discount: toDiscount(input.discount),
    payments: input.payments
      .filter((p) => p.amount.trim() !== "")
      .map((p) => ({
        method: p.method,
        amount: p.amount.trim(),
        reference: p.reference.trim() || undefined,
      })),
    customer_phone: phone || undefined,
    customer_name: phone && name ? name : undefined,
    idempotency_key: input.key,
  };
}
