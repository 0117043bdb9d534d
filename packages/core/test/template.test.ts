import { describe, expect, it } from "vitest";
import { systemActor, withActor } from "../src/actor";
import { Settings } from "../src/settings/index";
import { Template } from "../src/template/index";
import { useIsolatedDatabase } from "./databases";

// The shop's settings are shop-wide: this file changes them, so it has a database of its own.
useIsolatedDatabase();

describe("WhatsApp templates", () => {
  it("fill {shop_phone} with the shop's number as Malaysia prints it", async () => {
    const settings = await Settings.get();
    await withActor(systemActor("test"), () =>
      Settings.update({
        shop: { ...(settings.shop as Settings.Update["shop"] & object), phone: "03-7877 1234" },
        whatsapp_templates: {
          ...(settings.whatsapp_templates as Settings.Update["whatsapp_templates"] & object),
          ack: { en: "Questions? Call {shop_name} at {shop_phone}.", ms: "Hubungi {shop_phone}." },
        },
      }),
    );
    expect(await Template.render("ack", "en", {})).toBe(
      `Questions? Call ${settings.shop.name} at +60 3-7877 1234.`,
    );
    expect(await Template.render("ack", "ms", {})).toBe("Hubungi +60 3-7877 1234.");
  });
});
