import { randomBytes } from "node:crypto";
import { systemActor, withActor } from "@wapos/core/actor";
import { Blob } from "@wapos/core/blob/index";
import { Message } from "@wapos/core/message/index";
import { Queue } from "@wapos/core/queue/index";
import { Settings } from "@wapos/core/settings/index";
import { Connection } from "@wapos/core/whatsapp/connection";
import { Contact } from "@wapos/core/whatsapp/contact";
import { acquireLease, getSession } from "@wapos/core/whatsapp/session";
import { usePostgresAuthState } from "@wapos/wa-gateway/baileys/auth-state";
import { BaileysTransport } from "@wapos/wa-gateway/baileys/transport";
import { Gateway, LeaseRefusedError } from "@wapos/wa-gateway/gateway";
import { NO_PACING, type PacingOptions } from "@wapos/wa-gateway/pacing";
import { SimulatedTransport } from "@wapos/wa-gateway/simulated";
import { type StartedGateway, startGateway } from "@wapos/wa-gateway/start";
import { WAMessageStatus } from "@whiskeysockets/baileys";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { fakeSockets } from "../../wa-gateway/test/fake-socket";
import { handler as waInbound } from "../src/consumers/wa-inbound";
import { startPoller } from "../src/local/poller";
import { drained, type LocalAws, processed, randomPhone, startLocalAws, waitFor } from "./harness";

const digits = (phone: string) => phone.replace(/^\+/, "");

/**
 * The gateway with the Baileys transport on a fake socket (Baileys' own event buffer), real
 * SQS and S3 servers, the real wa-inbound consumer and the ledger in PostgreSQL.
 */
describe("the WhatsApp gateway on Baileys", () => {
  let aws: LocalAws;
  let poller: { stop: () => Promise<void> };
  let gateway: StartedGateway | undefined;
  let factory: ReturnType<typeof fakeSockets>;

  beforeAll(async () => {
    // A short visibility timeout: a message left on the queue comes round again within the test.
    aws = await startLocalAws({
      names: ["wa-inbound", "wa-outbound-tx", "wa-outbound-bulk"],
      visibilityTimeout: 2,
    });
    Queue.setPort(aws.queue);
    Blob.setStore(aws.blob);
    poller = startPoller({
      port: aws.queue,
      queue: "wa-inbound",
      queueArn: "arn:local:wa-inbound",
      handler: waInbound,
    });
  });
  afterAll(async () => {
    await poller.stop();
    Queue.setPort(undefined);
    Blob.setStore(undefined);
    await aws.stop();
  });
  beforeEach(() => {
    process.env.WA_SESSION_NAME = `test-${randomBytes(6).toString("hex")}`;
    factory = fakeSockets();
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  async function start(options: { pacing?: Partial<PacingOptions>; watchdog?: object; open?: boolean } = {}) {
    const transport = new BaileysTransport({
      session: process.env.WA_SESSION_NAME!,
      loadAuth: usePostgresAuthState,
      createSocket: factory.create,
      backoff: { baseMs: 50, capMs: 200 },
      sentText: Message.sentText,
    });
    gateway = await startGateway({
      transport,
      port: 0,
      pacing: options.pacing ?? NO_PACING,
      watchdog: options.watchdog,
      requestPollMs: 50,
      pollWaitSeconds: 1,
    });
    if (options.open !== false) {
      factory.latest.open();
      await waitFor(async () => gateway!.gateway.state === "open");
    }
    return { gateway: gateway.gateway, transport };
  }

  const ledger = async (phone: string, id: string) =>
    (await Message.listChat({ phone })).find((m) => m.wa_message_id === id);

  it("refuses a second gateway while the first holds the session, and lets it in once released", async () => {
    await start();
    const second = new Gateway({ transport: new SimulatedTransport(), pacing: NO_PACING });
    await expect(second.start()).rejects.toBeInstanceOf(LeaseRefusedError);
    expect(second.transport).toBeInstanceOf(SimulatedTransport);
    expect((await getSession(process.env.WA_SESSION_NAME!))?.mode).toBe("baileys");
    await gateway!.stop();
    gateway = undefined;
    await second.start();
    await waitFor(async () => (await getSession(process.env.WA_SESSION_NAME!))?.mode === "simulated");
    await second.stop();
  });

  it("lets a new holder take a lease its dead holder stopped renewing", async () => {
    const session = process.env.WA_SESSION_NAME!;
    expect(await acquireLease(session, "crashed-task", 200)).toBe(true);
    expect(await acquireLease(session, "new-task")).toBe(false);
    await waitFor(() => acquireLease(session, "new-task"));
  });

  it("sends transactional messages before bulk ones, one at a time, never closer than the minimum gap", async () => {
    const pacing = { minGapMs: 150, jitterMs: 100, typingMinMs: 20, typingMaxMs: 40 };
    await start({ pacing, open: false });
    const phones = [randomPhone(), randomPhone(), randomPhone(), randomPhone()];
    for (const phone of phones) factory.latest.onWhatsAppNumbers.add(digits(phone));
    const bulk1 = await Message.send({ purpose: "staff", to: phones[0]!, text: "promo 1", lane: "bulk" });
    const bulk2 = await Message.send({ purpose: "staff", to: phones[1]!, text: "promo 2", lane: "bulk" });
    const tx1 = await Message.send({ purpose: "staff", to: phones[2]!, text: "T-1 is ready", lane: "tx" });
    const tx2 = await Message.send({ purpose: "staff", to: phones[3]!, text: "T-2 estimate", lane: "tx" });
    factory.latest.open();
    await waitFor(async () => factory.latest.sent.length === 4, { timeoutMs: 15_000 });
    const sent = factory.latest.sent;
    expect(
      sent
        .slice(0, 2)
        .map((s) => s.messageId)
        .sort(),
    ).toEqual([tx1.wa_message_id, tx2.wa_message_id].sort());
    expect(
      sent
        .slice(2)
        .map((s) => s.messageId)
        .sort(),
    ).toEqual([bulk1.wa_message_id, bulk2.wa_message_id].sort());
    // Never closer than the minimum gap. How long past it a send comes depends on the machine's
    // load, so the gap's exact size is pinned with fake timers in wa-gateway's pacing.test.ts.
    for (let i = 1; i < sent.length; i++) {
      const gap = sent[i]!.at - sent[i - 1]!.at;
      expect(gap).toBeGreaterThanOrEqual(pacing.minGapMs - 5);
    }
    // "typing…" shown to each recipient just before their message.
    for (const s of sent) {
      const composing = factory.latest.presence.find((p) => p.type === "composing" && p.jid === s.jid);
      expect(composing).toBeDefined();
      expect(composing!.at).toBeLessThanOrEqual(s.at);
    }
  });

  it("keeps a message that was waiting its turn when the connection dropped, and sends it once back", async () => {
    // A gap long enough to see the second message claimed and drop the connection within it.
    await start({ pacing: { minGapMs: 2000, jitterMs: 0, typingMinMs: 0, typingMaxMs: 0 } });
    const phone = randomPhone();
    factory.latest.onWhatsAppNumbers.add(digits(phone));
    const first = await Message.send({ purpose: "staff", to: phone, text: "first" });
    await waitFor(async () => factory.latest.sent.length === 1);
    const second = await Message.send({ purpose: "staff", to: phone, text: "second" });
    // The second, claimed, waits out its gap; the connection drops meanwhile.
    await waitFor(async () => (await ledger(phone, second.wa_message_id))?.send_attempted_at);
    const dropped = factory.latest;
    dropped.close(428);
    await waitFor(async () => factory.sockets.length === 2);
    // Its turn came with the connection gone: the gateway gave the claim back instead of sending.
    await waitFor(async () => (await ledger(phone, second.wa_message_id))?.send_attempted_at === null);
    expect((await ledger(phone, second.wa_message_id))?.status).toBe("queued");
    factory.latest.onWhatsAppNumbers.add(digits(phone));
    factory.latest.open();
    await waitFor(async () => factory.latest.sent.length === 1, { timeoutMs: 15_000 });
    expect(factory.latest.sent[0]!.messageId).toBe(second.wa_message_id);
    await waitFor(async () => (await ledger(phone, second.wa_message_id))?.status === "sent");
    expect(dropped.sent.map((s) => s.messageId)).toEqual([first.wa_message_id]);
  });

  it("fails a message to a number not on WhatsApp without sending, and remembers the answer", async () => {
    await start();
    const phone = randomPhone();
    const row = await Message.send({ purpose: "staff", to: phone, text: "hello?" });
    await waitFor(async () => (await ledger(phone, row.wa_message_id))?.status === "failed");
    expect((await ledger(phone, row.wa_message_id))?.failure_reason).toMatch(/not on WhatsApp/);
    expect(factory.latest.sent).toHaveLength(0);
    expect((await Contact.get(phone))?.on_whatsapp).toBe(false);
  });

  it("records WhatsApp's 463 refusal on the number and never tries it again until the customer writes", async () => {
    await start();
    const phone = randomPhone();
    factory.latest.onWhatsAppNumbers.add(digits(phone));
    const first = await Message.send({ purpose: "staff", to: phone, text: "Your estimate is RM 180.00" });
    await waitFor(async () => factory.latest.sent.length === 1);
    factory.latest.status(first.wa_message_id, WAMessageStatus.ERROR, ["463", "reach-out restricted"]);
    await waitFor(async () => (await ledger(phone, first.wa_message_id))?.status === "failed");
    expect((await ledger(phone, first.wa_message_id))?.failure_reason).toMatch(/^463/);
    expect((await Contact.get(phone))?.restriction).toBe("463");

    const second = await Message.send({ purpose: "staff", to: phone, text: "Reminder" });
    await waitFor(async () => (await ledger(phone, second.wa_message_id))?.status === "failed");
    expect((await ledger(phone, second.wa_message_id))?.failure_reason).toMatch(/restricted/);
    expect(factory.latest.sent).toHaveLength(1);

    factory.latest.incoming("notify", {
      id: `IN${Date.now()}`,
      from: `${digits(phone)}@s.whatsapp.net`,
      text: "ok",
    });
    await waitFor(async () => (await Contact.get(phone))?.restriction === null);
  });

  it("gives Baileys the text of a sent message when the customer's phone asks for a retry", async () => {
    await start();
    const phone = randomPhone();
    factory.latest.onWhatsAppNumbers.add(digits(phone));
    const row = await Message.send({ purpose: "staff", to: phone, text: "Your estimate is RM 180.00" });
    await waitFor(async () => factory.latest.sent.length === 1);
    expect(await factory.latest.sentText!(row.wa_message_id)).toBe("Your estimate is RM 180.00");
    expect(await factory.latest.sentText!("3EB0NOTOURS")).toBeUndefined();
  });

  it("keeps a message read when its read receipt arrives before the delivered one", async () => {
    await start();
    const phone = randomPhone();
    factory.latest.onWhatsAppNumbers.add(digits(phone));
    const row = await Message.send({ purpose: "staff", to: phone, text: "Ready for pickup" });
    await waitFor(async () => (await ledger(phone, row.wa_message_id))?.status === "sent");
    factory.latest.status(row.wa_message_id, WAMessageStatus.READ);
    await waitFor(async () => (await ledger(phone, row.wa_message_id))?.status === "read");
    factory.latest.status(row.wa_message_id, WAMessageStatus.DELIVERY_ACK);
    await processed("wa-inbound", `status:${row.wa_message_id}:delivered`);
    expect((await ledger(phone, row.wa_message_id))?.status).toBe("read");
  });

  it("records an incoming message once from notify and append, and stores a photo in S3", async () => {
    await start();
    const phone = randomPhone();
    const id = `IN${randomBytes(8).toString("hex").toUpperCase()}`;
    const jid = `${digits(phone)}@s.whatsapp.net`;
    factory.latest.incoming("notify", { id, from: jid, text: "is my phone ready?" });
    factory.latest.incoming("append", { id, from: jid, text: "is my phone ready?" });
    factory.latest.ev.emit("messages.upsert", {
      type: "append",
      messages: [
        {
          key: { remoteJid: jid, fromMe: false, id: `${id}P` },
          message: { imageMessage: { caption: "the crack", mimetype: "image/jpeg" } },
          messageTimestamp: Math.floor(Date.now() / 1000),
        },
      ],
    });
    await waitFor(async () => (await Message.listChat({ phone })).length === 2);
    await drained(aws, ["wa-inbound"]);
    // Both arrive at once, so which is stored first is not defined: compared in id order.
    const chat = (await Message.listChat({ phone })).sort((a, b) =>
      a.wa_message_id.localeCompare(b.wa_message_id),
    );
    expect(chat.map((m) => [m.wa_message_id, m.kind, m.author])).toEqual([
      [id, "text", "customer"],
      [`${id}P`, "image", "customer"],
    ]);
    const photo = await Blob.useStore().get(chat[1]!.media_key!);
    expect(Buffer.from(photo.body).toString()).toBe("fake media bytes");
    expect(photo.contentType).toBe("image/jpeg");
  });

  it("hands a staff pairing-code request to WhatsApp after the QR and shows the code", async () => {
    await start({ open: false });
    factory.latest.qr("2@qr-one");
    await waitFor(async () => (await getSession(process.env.WA_SESSION_NAME!))?.qr === "2@qr-one");
    await withActor(systemActor("test"), () => Connection.requestPairingCode({ phone: "+60123456789" }));
    const session = await waitFor(async () => {
      const row = await getSession(process.env.WA_SESSION_NAME!);
      return row?.pairing_code ? row : undefined;
    });
    expect(session).toMatchObject({
      pairing_code: "FAKE1234",
      state: "needs_pairing",
      pairing_request_phone: null,
    });
    expect(factory.latest.pairingRequests).toEqual(["60123456789"]);
  });

  it("unlinks on a staff re-pair request and waits for a new pairing", async () => {
    await start();
    const linked = factory.latest;
    await withActor(systemActor("test"), () => Connection.requestLogout());
    await waitFor(async () => linked.loggedOut && factory.sockets.length === 2);
    factory.latest.qr("2@after-logout");
    const session = await waitFor(async () => {
      const row = await getSession(process.env.WA_SESSION_NAME!);
      return row?.qr === "2@after-logout" ? row : undefined;
    });
    expect(session.state).toBe("needs_pairing");
    expect(session.logout_requested_at).toBeNull();
  });

  it("restarts a connection that looks open but stopped answering, alerts, fails its health check until heard from, and tells the owner once back", async () => {
    const owner = randomPhone();
    const templates = (await Settings.get()).whatsapp_templates as Settings.Update["whatsapp_templates"] &
      object;
    await withActor(systemActor("test"), () =>
      Settings.update({ whatsapp_templates: { ...templates, alert_phone: owner } }),
    );
    onTestFinished(() =>
      withActor(systemActor("test"), () => Settings.update({ whatsapp_templates: templates })).then(() => {}),
    );
    const { gateway: g } = await start({
      watchdog: { intervalMs: 40, silentMs: 60, probeTimeoutMs: 20, failures: 2 },
    });
    factory.latest.pingFails = true;
    await waitFor(async () => factory.sockets.length === 2);
    const health = await fetch(`http://127.0.0.1:${gateway!.port}/health`);
    expect(health.status).toBe(503);
    const session = await waitFor(async () => {
      const row = await getSession(process.env.WA_SESSION_NAME!);
      return row?.alert ? row : undefined;
    });
    expect(session.alert).toMatch(/looked open/);
    expect(session.metrics?.watchdog_restarts).toBe(1);
    factory.latest.onWhatsAppNumbers.add(digits(owner));
    factory.latest.open();
    await waitFor(async () => g.healthy);
    expect((await fetch(`http://127.0.0.1:${gateway!.port}/health`)).status).toBe(200);
    await waitFor(async () => (await getSession(process.env.WA_SESSION_NAME!))?.alert === null);
    await waitFor(async () => factory.latest.sent.some((s) => s.jid === `${digits(owner)}@s.whatsapp.net`));
    const [told] = await Message.listChat({ phone: owner });
    expect(told!.body).toMatch(/WhatsApp is connected again\. Since .+: The WhatsApp connection looked open/);
  });
});
