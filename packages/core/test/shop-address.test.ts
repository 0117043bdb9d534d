import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useDb } from "../src/db/index";
import { MIGRATIONS_FOLDER } from "../src/db/migrate";
import { supplierFrom } from "../src/einvoice/document/from-invoice";
import { readiness } from "../src/einvoice/flow/readiness";
import { Settings } from "../src/settings/index";
import { settingTable } from "../src/settings/settings.sql";
import { useIsolatedDatabase } from "./databases";

// Settings are shop-wide: this file rewrites them, so it has a database of its own.
useIsolatedDatabase();

/** Runs the migration that moved the MyInvois address into the shop profile, on whatever rows exist now. */
async function moveAddress() {
  const db = await useDb();
  const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, "0009_shop_address.sql"), "utf8");
  for (const statement of text.split("--> statement-breakpoint")) await db.execute(sql.raw(statement));
}

async function store(rows: Record<string, Record<string, unknown>>) {
  const db = await useDb();
  await db.delete(settingTable);
  for (const [key, value] of Object.entries(rows)) await db.insert(settingTable).values({ key, value });
}

const LEGACY_MYINVOIS = {
  environment: "sandbox",
  client_id: "",
  tin: "C12345678010",
  brn: "202301012345",
  sst_number: "NA",
  tourism_tax_number: "NA",
  msic_code: "95122",
  business_activity: "Repair and maintenance of cellular phones",
  address_line1: "Lot 5, Jalan Bengkel 3",
  address_line2: "Seksyen 13",
  address_line3: "",
  postcode: "40100",
  city: "Shah Alam",
  state_code: "10",
  consolidate_monthly: true,
};

describe("one address for the shop", () => {
  it("moves the address typed in the MyInvois section into the shop profile, and LHDN gets the same one", async () => {
    await store({
      shop: {
        name: "Kedai Baiki",
        address: "Shah Alam",
        phone: "+60355551234",
        time_zone: "Asia/Kuala_Lumpur",
      },
      myinvois: LEGACY_MYINVOIS,
    });
    await moveAddress();
    const settings = await Settings.get();
    expect(settings.shop).toMatchObject({
      name: "Kedai Baiki",
      address: "Lot 5, Jalan Bengkel 3\nSeksyen 13",
      postcode: "40100",
      city: "Shah Alam",
      state_code: "10",
    });
    expect(settings.myinvois).toMatchObject({ tin: "C12345678010", msic_code: "95122" });
    expect(settings.myinvois).not.toHaveProperty("address_line1");
    expect(supplierFrom(settings).address).toEqual({
      lines: ["Lot 5, Jalan Bengkel 3", "Seksyen 13"],
      postcode: "40100",
      city: "Shah Alam",
      state: "10",
      country: "MYS",
    });
    expect((await readiness()).gaps.map((gap) => gap.field)).not.toContain("shop.address");
  });

  it("keeps a profile's own address when MyInvois had none, and makes a profile when there was none", async () => {
    await store({
      shop: { name: "Kedai Baiki", address: "12 Jalan Mawar", city: "Ipoh", state_code: "08" },
      myinvois: { ...LEGACY_MYINVOIS, address_line1: "", postcode: "", city: "", state_code: "" },
    });
    await moveAddress();
    expect((await Settings.get()).shop).toMatchObject({
      address: "12 Jalan Mawar",
      city: "Ipoh",
      state_code: "08",
    });

    await store({ myinvois: LEGACY_MYINVOIS });
    await moveAddress();
    expect((await Settings.get()).shop).toMatchObject({
      name: "My Repair Shop",
      city: "Shah Alam",
      postcode: "40100",
    });
  });

  it("asks for the address in the shop profile, not in the MyInvois section", async () => {
    await store({ shop: { name: "Kedai Baiki", address: "", phone: "+60355551234" } });
    const fields = (await readiness()).gaps.map((gap) => gap.field);
    expect(fields).toEqual(expect.arrayContaining(["shop.address", "shop.state_code"]));
    expect(fields.filter((field) => /^myinvois\.(address|city|postcode|state)/.test(field))).toEqual([]);
  });

  it("sends LHDN at most three address lines", async () => {
    await store({
      shop: {
        name: "Kedai Baiki",
        address: "Lot 5\nJalan Bengkel 3\nSeksyen 13\nKawasan Perindustrian",
        city: "Shah Alam",
      },
    });
    expect(supplierFrom(await Settings.get()).address.lines).toEqual([
      "Lot 5",
      "Jalan Bengkel 3",
      "Seksyen 13, Kawasan Perindustrian",
    ]);
  });
});
