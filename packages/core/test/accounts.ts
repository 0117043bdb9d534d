import { eq } from "drizzle-orm";
import { userTable } from "../src/auth/auth.sql";
import { Auth } from "../src/auth/index";
import { useTransaction } from "../src/db/transaction";
import { User } from "../src/user/index";
import { createId } from "../src/util/id";

/**
 * A staff account as it is after its first login (its own password chosen) with a live session,
 * for tests of other routes. Choosing the password is skipped: it would load the password
 * policy's dictionaries (seconds) in every test file; auth.test.ts tests that step itself.
 */
export async function signedInStaff(role: "admin" | "tech" | "cashier", name = `Test ${role}`) {
  const { user } = await User.create({ email: `${role}-${createId()}@example.test`, name, role });
  const [settled] = await useTransaction((tx) =>
    tx.update(userTable).set({ must_change_password: false }).where(eq(userTable.id, user.id)).returning(),
  );
  const session = await Auth.openSession(settled!);
  return { user: settled!, sessionId: session.sessionId, token: session.accessToken };
}
