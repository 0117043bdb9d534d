import { Blob } from "@wapos/core/blob/index";
import { customerTable } from "@wapos/core/customer/customer.sql";
import { createTransaction } from "@wapos/core/db/transaction";
import { setLogLevel } from "@wapos/core/log";
import { Queue } from "@wapos/core/queue/index";
import { User } from "@wapos/core/user/index";
import { createId } from "@wapos/core/util/id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../src/api/index";
import { createApp } from "../src/http/app";
import { createPublicApi } from "../src/public/index";
import { fromAddress, type LocalAws, randomAddress, randomPhone, startLocalAws } from "./harness";

const api = createApi();
const pub = createPublicApi();
let aws: LocalAws;
const written: string[] = [];
const restore: (() => void)[] = [];

/** Everything the logger writes, as it would reach CloudWatch: both streams, at DEBUG. */
function capture() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write;
    });
  }
  setLogLevel("DEBUG");
}

const phone = randomPhone();
const PERSONAL = {
  name: "Nurul Izzah binti Ahmad",
  address: "No 12 Jalan Bukit Bintang, Kuala Lumpur",
  email: `nurul-${createId().slice(-6)}@example.test`,
  nric: "900101-14-5678",
};

beforeAll(async () => {
  aws = await startLocalAws({ names: ["wa-outbound-tx"] });
  Queue.setPort(aws.queue);
  Blob.setStore(aws.blob);
  capture();
});
afterAll(async () => {
  setLogLevel("SILENT");
  for (const undo of restore) undo();
  Queue.setPort(undefined);
  Blob.setStore(undefined);
  await aws?.stop();
});

describe("logs at DEBUG through real flows", () => {
  const correlationIds: string[] = [];
  const secrets: string[] = [
    phone,
    phone.slice(3),
    PERSONAL.name,
    PERSONAL.address,
    PERSONAL.email,
    PERSONAL.nric,
  ];
  const track = (response: Response) => {
    correlationIds.push(response.headers.get("x-correlation-id")!);
    return response;
  };

  it("carry no phone, name, NRIC, address, email, password or link token, and keep correlation ids", async () => {
    // Intake, with every personal field a customer can give.
    const form = (await (await pub.request("/api/public/intake")).json()) as {
      form: { version: number };
      upload_session: string;
    };
    const created = track(
      await pub.request(
        "/api/public/intake",
        {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "log-test" },
          body: JSON.stringify({
            form_version: form.form.version,
            language: "ms",
            name: PERSONAL.name,
            phone,
            email: PERSONAL.email,
            address: PERSONAL.address,
            device: { category: "phone", brand: "Honor", model: "X9b", serial: PERSONAL.nric },
            problem: `Skrin retak; IC ${PERSONAL.nric}`,
            terms_accepted: true,
            whatsapp_opt_in: true,
            upload_session: form.upload_session,
          }),
        },
        fromAddress(randomAddress()),
      ),
    );
    expect(created.status).toBe(201);
    const { status_url } = (await created.json()) as { status_url: string };
    const token = status_url.split("/s/")[1]!;
    secrets.push(token);

    // The status link, and a tampered one.
    expect(track(await pub.request(`/api/public/tickets/${token}`)).status).toBe(200);
    expect(track(await pub.request(`/api/public/tickets/${token.slice(0, -4)}AAAA`)).status).toBe(404);

    // Login: a right and a wrong password of a named account.
    const staffEmail = `kamal-${createId().slice(-6)}@example.test`;
    const { temporaryPassword } = await User.create({
      email: staffEmail,
      name: "Kamal Hisham",
      role: "tech",
    });
    secrets.push(staffEmail, "Kamal Hisham", temporaryPassword);
    const login = (password: string) =>
      api.request(
        "/api/auth/login",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: staffEmail, password }),
        },
        fromAddress(randomAddress()),
      );
    expect(track(await login(temporaryPassword)).status).toBe(200);
    expect(track(await login("not-the-password-at-all")).status).toBe(401);

    // A unique violation reaching the error funnel: PostgreSQL's detail and drizzle's params hold the values.
    const failing = createApp("/probe");
    failing.post("/duplicate", async (c) => {
      await createTransaction((tx) =>
        tx.insert(customerTable).values({ phone, name: PERSONAL.name, address: PERSONAL.address }),
      );
      return c.body(null, 204);
    });
    const duplicate = track(await failing.request("/probe/duplicate", { method: "POST" }));
    expect(duplicate.status).toBe(500);

    const logs = written.join("");
    expect(logs).toContain("unhandled error");
    expect(logs).toContain("23505");
    for (const id of correlationIds) expect(logs).toContain(id);
    const leaked = secrets.filter((secret) => logs.includes(secret));
    expect(leaked).toEqual([]);
    expect(logs).not.toMatch(/\+60\d{8,10}/);
  });
});
