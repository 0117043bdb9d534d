import { randomBytes } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import { AuthState } from "@wapos/core/whatsapp/auth-state";
import { WAMessageStatus } from "@whiskeysockets/baileys";
import { afterEach, describe, expect, it, test } from "vitest";
import { waitFor } from "../../functions/test/wait";
import { usePostgresAuthState } from "../src/baileys/auth-state";
import { backoffDelay, RECONNECT_POLICY } from "../src/baileys/reconnect";
import { createBaileysSocket, createLogger } from "../src/baileys/socket";
import { BaileysTransport } from "../src/baileys/transport";
import type { ConnectionUpdate, IncomingWhatsApp, Receipt, SendFailure } from "../src/transport";
import { fakeSockets } from "./fake-socket";

const BACKOFF = { baseMs: 40, capMs: 160, random: () => 0.5 };

function harness(options: { backoff?: typeof BACKOFF; url?: string; real?: boolean } = {}) {
  const factory = fakeSockets();
  const session = `test-${randomBytes(6).toString("hex")}`;
  const transport = new BaileysTransport({
    session,
    loadAuth: usePostgresAuthState,
    createSocket: options.real ? createBaileysSocket : factory.create,
    backoff: options.backoff ?? BACKOFF,
    url: options.url,
    logger: createLogger().child({}, { level: "silent" }),
  });
  const updates: ConnectionUpdate[] = [];
  const messages: IncomingWhatsApp[] = [];
  const receipts: Receipt[] = [];
  const failures: SendFailure[] = [];
  const started = transport.start({
    onConnection: (update) => {
      updates.push(update);
    },
    onMessage: (message) => {
      messages.push(message);
    },
    onReceipt: (receipt) => {
      receipts.push(receipt);
    },
    onSendFailed: (failure) => {
      failures.push(failure);
    },
  });
  running.push(transport);
  const last = () => updates.at(-1);
  return { transport, factory, session, updates, messages, receipts, failures, started, last };
}

const running: BaileysTransport[] = [];
afterEach(async () => {
  for (const transport of running.splice(0)) await transport.stop();
});

describe("the Baileys transport's connection", () => {
  it("shows the QR while unpaired, then reports open with the shop's number", async () => {
    const h = harness();
    await h.started;
    expect(h.last()?.state).toBe("connecting");
    h.factory.latest.qr("2@first-qr");
    await waitFor(async () => h.last()?.qr === "2@first-qr");
    expect(h.last()?.state).toBe("needs_pairing");
    h.factory.latest.open("60123456789");
    await waitFor(async () => h.last()?.state === "open");
    expect(h.last()?.linkedPhone).toBe("+60123456789");
  });

  it("asks for a pairing code only after the socket's first QR, and reports it", async () => {
    const h = harness();
    await h.started;
    // The fake socket refuses a code before its first QR, as WhatsApp does, so asking early fails below.
    const code = h.transport.requestPairingCode("+60123456789");
    expect(h.factory.latest.pairingRequests).toEqual([]);
    h.factory.latest.qr();
    await expect(code).resolves.toBe("FAKE1234");
    expect(h.factory.latest.pairingRequests).toEqual(["60123456789"]);
    await waitFor(async () => h.last()?.pairingCode === "FAKE1234");
  });

  it("rebuilds the socket at once on 515 (restart required), and the old socket is silenced", async () => {
    const h = harness();
    await h.started;
    const first = h.factory.latest;
    first.open();
    await waitFor(async () => h.last()?.state === "open");
    first.close(515);
    await waitFor(async () => h.factory.sockets.length === 2);
    expect(first.ended).toBe(true);
    first.qr("from-the-dead-socket");
    // The live socket's QR, emitted after, is reported: the dead one's would have been by then.
    h.factory.latest.qr("from-the-live-socket");
    await waitFor(async () => h.last()?.qr === "from-the-live-socket");
    expect(h.updates.some((u) => u.qr === "from-the-dead-socket")).toBe(false);
    h.factory.latest.open();
    await waitFor(async () => h.last()?.state === "open");
  });

  it("stops on 401, forgets the link and asks for re-pairing, without reconnecting", async () => {
    const h = harness();
    await h.started;
    h.factory.latest.open();
    await waitFor(async () => (await AuthState.readCreds(h.session)) !== undefined);
    h.factory.latest.close(401);
    await waitFor(async () => h.last()?.state === "needs_pairing");
    expect(h.last()?.alert).toMatch(/logged the gateway out/);
    // Stopped for good: no reconnect was scheduled (a backoff would have chosen its wait).
    expect(h.transport.lastDelayMs).toBeUndefined();
    expect(h.factory.sockets).toHaveLength(1);
    const creds = await AuthState.readCreds(h.session);
    expect(creds === undefined || !JSON.parse(creds).registered).toBe(true);
  });

  it("stops on 403 (forbidden), keeps the keys, and shows the session as needing pairing", async () => {
    const h = harness();
    await h.started;
    h.factory.latest.open();
    await waitFor(async () => (await AuthState.readCreds(h.session)) !== undefined);
    h.factory.latest.close(403);
    await waitFor(async () => h.last()?.state === "needs_pairing");
    expect(h.last()?.alert).toMatch(/403/);
    // Stopped for good: no reconnect was scheduled (a backoff would have chosen its wait).
    expect(h.transport.lastDelayMs).toBeUndefined();
    expect(h.factory.sockets).toHaveLength(1);
    expect(JSON.parse((await AuthState.readCreds(h.session))!).registered).toBe(true);
    // Staff pair again: the old keys give way to a new link.
    const code = h.transport.requestPairingCode("+60123456789");
    await waitFor(async () => h.factory.sockets.length === 2);
    expect(h.factory.latest.auth.creds.registered).toBeFalsy();
    h.factory.latest.qr();
    await expect(code).resolves.toBe("FAKE1234");
  });

  it("stops on 440 (replaced by another client) and never loops", async () => {
    const h = harness();
    await h.started;
    h.factory.latest.open();
    h.factory.latest.close(440);
    await waitFor(async () => h.last()?.state === "closed");
    expect(h.last()?.alert).toMatch(/Another client/);
    // Stopped for good: no reconnect was scheduled (a backoff would have chosen its wait).
    expect(h.transport.lastDelayMs).toBeUndefined();
    expect(h.factory.sockets).toHaveLength(1);
  });

  test.each([408, 428, 500, 503])(
    "backs off and reconnects after %i, within the backoff bounds",
    async (code) => {
      const h = harness();
      await h.started;
      h.factory.latest.open();
      await waitFor(async () => h.last()?.state === "open");
      const closedAt = Date.now();
      h.factory.latest.close(code);
      await waitFor(async () => h.last()?.state === "closed");
      expect(h.last()?.error).toMatch(/retrying in/);
      expect(h.transport.lastDelayMs).toBeGreaterThanOrEqual(BACKOFF.baseMs / 2);
      expect(h.transport.lastDelayMs).toBeLessThanOrEqual(BACKOFF.baseMs);
      await waitFor(async () => h.factory.sockets.length === 2);
      expect(Date.now() - closedAt).toBeGreaterThanOrEqual(h.transport.lastDelayMs! - 5);
      // A second failure in a row waits longer.
      h.factory.latest.close(code);
      await waitFor(async () => h.factory.sockets.length === 3);
      expect(h.transport.lastDelayMs).toBeGreaterThan(BACKOFF.baseMs);
    },
  );

  it("waits for staff when the pairing QRs run out (408 before pairing) instead of looping", async () => {
    const h = harness();
    await h.started;
    h.factory.latest.qr();
    h.factory.latest.close(408);
    await waitFor(async () => h.last()?.error?.includes("expired") === true);
    expect(h.last()?.state).toBe("needs_pairing");
    // Stopped for good: no reconnect was scheduled (a backoff would have chosen its wait).
    expect(h.transport.lastDelayMs).toBeUndefined();
    expect(h.factory.sockets).toHaveLength(1);
  });

  it("on staff's re-pair request unlinks the device and shows a fresh QR", async () => {
    const h = harness();
    await h.started;
    const linked = h.factory.latest;
    linked.open();
    await waitFor(async () => h.last()?.state === "open");
    await h.transport.logout();
    expect(linked.loggedOut).toBe(true);
    expect(h.factory.sockets).toHaveLength(2);
    expect(h.factory.latest.auth.creds.registered).toBeFalsy();
    h.factory.latest.qr("2@new");
    await waitFor(async () => h.last()?.qr === "2@new");
  });

  it("never logs out when it stops", async () => {
    const h = harness();
    await h.started;
    h.factory.latest.open();
    await h.transport.stop();
    expect(h.factory.latest.loggedOut).toBe(false);
    expect(h.factory.latest.ended).toBe(true);
    expect(h.last()?.state).toBe("closed");
  });

  it("with a real Baileys socket and nothing listening, reports the closed connection and backs off", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const h = harness({
      real: true,
      url: `ws://127.0.0.1:${port}/ws/chat`,
      backoff: { ...BACKOFF, baseMs: 5000 },
    });
    await h.started;
    await waitFor(async () => h.last()?.state === "closed", { timeoutMs: 15_000 });
    expect(h.last()?.error).toMatch(/retrying in \d+ s \(attempt 1\)/);
  });
});

describe("the Baileys transport's messages", () => {
  async function opened() {
    const h = harness();
    await h.started;
    h.factory.latest.open();
    await waitFor(async () => h.last()?.state === "open");
    return h;
  }

  it("delivers a message once whether it comes as notify, append or both", async () => {
    const h = await opened();
    const sock = h.factory.latest;
    sock.incoming("notify", { id: "LIVE1", from: "60111111111@s.whatsapp.net", text: "is my phone ready?" });
    sock.incoming("append", { id: "LIVE1", from: "60111111111@s.whatsapp.net", text: "is my phone ready?" });
    sock.incoming("append", {
      id: "OFFLINE1",
      from: "60111111111@s.whatsapp.net",
      text: "sent while offline",
    });
    // OFFLINE1 came after the duplicate: once it is reported, the duplicate would have been too.
    await waitFor(async () => h.messages.some((m) => m.id === "OFFLINE1"));
    expect(h.messages.map((m) => m.id)).toEqual(["LIVE1", "OFFLINE1"]);
    expect(h.messages[0]).toMatchObject({ from: "+60111111111", fromMe: false, kind: "text" });
  });

  it("finds the phone behind a LID from the alternate JID or Baileys' mapping", async () => {
    const h = await opened();
    const sock = h.factory.latest;
    sock.lids.set("222@lid", "60122222222@s.whatsapp.net");
    sock.incoming("notify", { id: "L1", from: "111@lid", alt: "60133333333@s.whatsapp.net", text: "hi" });
    sock.incoming("notify", { id: "L2", from: "222@lid", text: "hello" });
    await waitFor(async () => h.messages.length === 2);
    expect(h.messages.map((m) => m.from)).toEqual(["+60133333333", "+60122222222"]);
  });

  it("records what staff type on the shop's phone as theirs, but not the echo of our own sends", async () => {
    const h = await opened();
    const sock = h.factory.latest;
    await h.transport.send({ id: "3EB0OURS", to: "+60144444444", kind: "text", text: "ready" });
    sock.incoming("append", {
      id: "3EB0OURS",
      from: "60144444444@s.whatsapp.net",
      text: "ready",
      fromMe: true,
    });
    sock.incoming("notify", {
      id: "PHONE1",
      from: "60144444444@s.whatsapp.net",
      text: "on my way",
      fromMe: true,
    });
    // PHONE1 came after the echo: once it is reported, the echo would have been too.
    await waitFor(async () => h.messages.some((m) => m.id === "PHONE1"));
    expect(h.messages).toMatchObject([{ id: "PHONE1", fromMe: true }]);
  });

  it("sends under our own message id, images with their caption", async () => {
    const h = await opened();
    await h.transport.send({
      id: "3EB0IMG",
      to: "+60155555555",
      kind: "image",
      text: "Your phone is ready",
      media: { body: new Uint8Array([1, 2, 3]), mimetype: "image/jpeg" },
    });
    const [sent] = h.factory.latest.sent;
    expect(sent).toMatchObject({ jid: "60155555555@s.whatsapp.net", messageId: "3EB0IMG" });
    expect(sent!.content).toMatchObject({ caption: "Your phone is ready", mimetype: "image/jpeg" });
  });

  it("maps receipts by message id, and a 463 refusal to a failure with its code", async () => {
    const h = await opened();
    const sock = h.factory.latest;
    sock.status("M1", WAMessageStatus.READ);
    sock.status("M1", WAMessageStatus.DELIVERY_ACK);
    sock.status("M2", WAMessageStatus.ERROR, ["463", "reach-out restricted"]);
    await waitFor(async () => h.receipts.length === 2 && h.failures.length === 1);
    expect(h.receipts.map((r) => [r.id, r.status])).toEqual([
      ["M1", "read"],
      ["M1", "delivered"],
    ]);
    expect(h.failures[0]).toMatchObject({ id: "M2", code: "463", reason: "reach-out restricted" });
  });

  it("says a number without WhatsApp does not exist (Baileys leaves it out of the answer)", async () => {
    const h = await opened();
    h.factory.latest.onWhatsAppNumbers.add("60166666666");
    expect(await h.transport.exists("+60166666666")).toBe(true);
    expect(await h.transport.exists("+60177777777")).toBe(false);
  });
});

describe("the reconnect policy", () => {
  test.each([
    [515, "restart"],
    [401, "repair"],
    [411, "repair"],
    [403, "stop"],
    [440, "stop"],
    [408, "backoff"],
    [428, "backoff"],
    [500, "backoff"],
    [503, "backoff"],
  ])("reacts to %i with %s", (code, reaction) => {
    expect(RECONNECT_POLICY[code]?.reaction).toBe(reaction);
  });

  test.each([
    [1, 1000, 2000],
    [2, 2000, 4000],
    [3, 4000, 8000],
    [12, 150_000, 300_000],
  ])("attempt %i waits between %i and %i ms", (attempt, low, high) => {
    for (const random of [0, 0.5, 0.999]) {
      const delay = backoffDelay(attempt, { baseMs: 2000, capMs: 300_000, random: () => random });
      expect(delay).toBeGreaterThanOrEqual(low);
      expect(delay).toBeLessThanOrEqual(high);
    }
  });
});
