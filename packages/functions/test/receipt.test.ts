import { Link } from "@wapos/core/link/index";
import { Settings } from "@wapos/core/settings/index";
import { beforeAll, describe, expect, it } from "vitest";
import { useFixedClock } from "../../core/test/clock";
import { useIsolatedDatabase } from "../../core/test/databases";
import { createApi } from "../src/api/index";
import { json, staff } from "./harness";

// The receipt reads the shop-wide pos settings, which this file changes: a database of its own.
useIsolatedDatabase();
useFixedClock();

const api = createApi();
let admin: Record<string, string>;
let cashier: Record<string, string>;
let tech: Record<string, string>;

type Receipt = {
  invoice: { id: string; number: string; payable: string; change_given: string };
  shop: { name: string; logo_url: string | null };
  receipt_url: string;
  width: string;
  footer: string;
};

beforeAll(async () => {
  admin = { "content-type": "application/json", ...(await staff("admin")).auth };
  cashier = { "content-type": "application/json", ...(await staff("cashier")).auth };
  tech = { "content-type": "application/json", ...(await staff("tech")).auth };
});

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });

async function sale() {
  const { product } = await json<{ product: { id: string } }>(
    post("/api/products", admin, {
      sku: `RCPT-${crypto.randomUUID().slice(0, 8)}`,
      name: "Tempered glass",
      price: "20.00",
      initial_stock: 5,
    }),
  );
  return json<{ id: string; number: string }>(
    post("/api/checkout", cashier, {
      items: [{ product_id: product.id, qty: 1 }],
      payments: [{ method: "cash", amount: "50.00" }],
      idempotency_key: crypto.randomUUID(),
    }),
  );
}

describe("the receipt", () => {
  it("gives the counter the sale, the shop's header, the width and footer, and a QR link that opens this invoice", async () => {
    await Settings.update({
      shop: { ...(await Settings.section("shop")), name: "Kedai Baiki Ali" },
      pos: { ...(await Settings.section("pos")), receipt_width: "58mm", receipt_footer: "Terima kasih!" },
    });
    const invoice = await sale();
    const receipt = await json<Receipt>(
      api.request(`/api/invoices/${invoice.id}/receipt`, { headers: cashier }),
    );
    expect(receipt.invoice).toMatchObject({ id: invoice.id, number: invoice.number, change_given: "30.00" });
    expect(receipt).toMatchObject({
      width: "58mm",
      footer: "Terima kasih!",
      shop: { name: "Kedai Baiki Ali" },
    });
    const token = new URL(receipt.receipt_url).pathname.split("/").at(-1)!;
    expect(receipt.receipt_url).toBe(Link.einvoiceRequestUrl(token));
    expect(await Link.verifyInvoice(token)).toBe(invoice.id);

    const again = await json<Receipt>(
      api.request(`/api/invoices/${invoice.id}/receipt`, { headers: cashier }),
    );
    expect(again.receipt_url).toBe(receipt.receipt_url);
  });

  it("is the counter's: a technician is refused, and an unknown invoice is not found", async () => {
    const invoice = await sale();
    expect((await api.request(`/api/invoices/${invoice.id}/receipt`, { headers: tech })).status).toBe(403);
    const missing = await api.request(`/api/invoices/${crypto.randomUUID()}/receipt`, { headers: cashier });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe("invoice.not_found");
  });
});
