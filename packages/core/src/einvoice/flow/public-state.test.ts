import { describe, expect, it } from "vitest";
import { publicState } from "./public-state";

const shopReason = { source: "preflight", code: "einvoice.not_configured", path: "myinvois.tin" };
const buyerReason = { source: "preflight", code: "einvoice.buyer.tin_format", path: "buyer.tin" };

describe("what a buyer's e-invoice page says", () => {
  it.each([
    { status: "not_requested", errors: null, run: null, shown: "open" },
    { status: "pending", errors: null, run: null, shown: "preparing" },
    { status: "submitted", errors: null, run: null, shown: "submitted" },
    { status: "valid", errors: null, run: null, shown: "valid" },
    { status: "invalid", errors: [shopReason], run: null, shown: "needs_shop" },
    { status: "invalid", errors: [], run: null, shown: "needs_shop" },
    { status: "invalid", errors: [buyerReason], run: null, shown: "open" },
    { status: "cancelled", errors: null, run: null, shown: "cancelled" },
    { status: "consolidated", errors: null, run: "run-1", shown: "consolidated" },
    { status: "not_requested", errors: null, run: "run-1", shown: "consolidated" },
  ] as const)(
    "shows $shown when staff see $status (errors $errors, run $run)",
    ({ status, errors, run, shown }) => {
      expect(
        publicState({
          einvoice_status: status,
          einvoice_errors: errors as unknown[] | null,
          einvoice_run_id: run,
        }),
      ).toBe(shown);
    },
  );
});
