import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { DataState } from "@/components/data-state";
import { ApiError } from "@/lib/api";
import { renderHtml } from "./render";

const retry = () => {};
const view = (data: string[] | undefined, error?: ApiError, locale: "en" | "ms" = "en") =>
  renderHtml(
    createElement(DataState<string[]>, {
      state: { data, error, retry },
      isEmpty: (list) => list.length === 0,
      empty: "No tickets yet.",
      // biome-ignore lint/correctness/noChildrenProp: DataState's child is a render function, given as a prop here
      children: (list) => createElement("ul", { "data-view": "" }, list.join(",")),
    }),
    locale,
  );

describe("the one loading, error and empty pattern", () => {
  it("shows busy placeholders while loading", () => {
    const html = view(undefined);
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain("data-view");
  });

  it.each([
    ["en", "Could not load this page", "Try again"],
    ["ms", "Halaman ini tidak dapat dimuatkan", "Cuba lagi"],
  ] as const)("shows the error with a retry button (%s)", (locale, title, button) => {
    const html = view(undefined, new ApiError(500, "internal", "boom"), locale);
    expect(html).toContain('role="alert"');
    expect(html).toContain(title);
    expect(html).toMatch(new RegExp(`<button[^>]*>.*${button}</button>`));
  });

  it("shows a 403 as no access, without a retry", () => {
    const html = view(undefined, new ApiError(403, "auth.forbidden", "no"));
    expect(html).not.toContain("<button");
  });

  it("says so when there is nothing", () => {
    const html = view([]);
    expect(html).toContain('role="status"');
    expect(html).toContain("No tickets yet.");
    expect(html).not.toContain("data-view");
  });

  it("shows the view, and keeps it when a later refresh fails", () => {
    expect(view(["T-1001"])).toContain("T-1001");
    expect(view(["T-1001"], new ApiError(0, "network", "offline"))).toContain("T-1001");
  });
});
