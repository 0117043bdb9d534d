import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogTable } from "../src/audit/audit.sql";
import { useDb } from "../src/db/index";
import { afterCommit, createTransaction } from "../src/db/transaction";
import { createId } from "../src/util/id";

const row = (id: string) => ({
  id,
  entity: "test",
  entity_id: id,
  action: "tx",
  actor_type: "system" as const,
});
const exists = async (id: string) =>
  (await (await useDb()).select().from(auditLogTable).where(eq(auditLogTable.id, id))).length === 1;

describe("transaction helper", () => {
  it("runs after-commit effects only once the outermost transaction has committed", async () => {
    const id = createId();
    const seen: boolean[] = [];
    await createTransaction(async (tx) => {
      await tx.insert(auditLogTable).values(row(id));
      await afterCommit(async () => seen.push(await exists(id)));
      await createTransaction(async () => {
        await afterCommit(async () => seen.push(await exists(id)));
      });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([true, true]);
  });

  it("never runs the effects of a transaction that rolled back, and keeps none of its writes", async () => {
    const id = createId();
    let ran = false;
    await expect(
      createTransaction(async (tx) => {
        await tx.insert(auditLogTable).values(row(id));
        await afterCommit(() => {
          ran = true;
        });
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect(ran).toBe(false);
    expect(await exists(id)).toBe(false);
  });

  it("runs an effect at once when there is no transaction", async () => {
    let ran = false;
    await afterCommit(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
