import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { SectionForm } from "@/app/(app)/settings/section-form";
import { SECTIONS, type SectionKey } from "@/app/(app)/settings/spec";
import { renderHtml } from "./render";

const VALUES = {
  backup: { enabled: true, time: "03:00", keep_days: 30 },
  openai: { model: "gpt-4o-mini", api_key: { set: true, last4: "abcd" } },
  campaign_throttle: {
    daily_cap: 200,
    min_gap_seconds: 20,
    jitter_seconds: 10,
    quiet_hours: { start: "21:00", end: "09:00" },
    warmup_per_day: [20, 50],
    per_customer_days: 14,
  },
  tax: { sales_tax_rate: "10", service_tax_rate: "8", prices_include_tax: true },
} as const;

function render(key: SectionKey, locale: "en" | "ms") {
  const section = SECTIONS.find((s) => s.key === key)!;
  return renderHtml(
    createElement(SectionForm, {
      sectionKey: key,
      fields: section.fields,
      value: VALUES[key as keyof typeof VALUES] as never,
      notBuilt: section.notBuilt,
      onSaved: () => {},
    }),
    locale,
  );
}

describe("settings of modules that are not built yet", () => {
  it.each([
    ["backup", "en", "The daily backup is not built yet."],
    ["backup", "ms", "Sandaran harian belum dibina."],
  ] as const)("%s (%s) says it is not built, shows nothing on and offers no save", (key, locale, title) => {
    const html = render(key, locale);
    expect(html).toContain(title);
    expect(html).toContain("data-not-built");
    // A stored `enabled: true` must not read as a switch that is on.
    expect(html).not.toMatch(/role="switch"/);
    expect(html).not.toMatch(/aria-checked="true"/);
    expect(html).not.toMatch(/type="submit"/);
    expect(html).toMatch(/<fieldset disabled=""/);
  });

  it("leaves a built module's section editable", () => {
    const html = render("tax", "en");
    expect(html).not.toContain("data-not-built");
    expect(html).toMatch(/aria-checked="true"/);
    expect(html).toMatch(/type="submit"/);
  });

  // The assistant (issue 12) reads the OpenAI key and model; campaigns (issue 13) the limits.
  it.each(["openai", "campaign_throttle"] as const)(
    "leaves %s editable now that its module is built",
    (key) => {
      const html = render(key, "en");
      expect(html).not.toContain("data-not-built");
      expect(html).toMatch(/type="submit"/);
      expect(html).not.toMatch(/<fieldset disabled=""/);
    },
  );
});
