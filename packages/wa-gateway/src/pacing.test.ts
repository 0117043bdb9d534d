import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pacer } from "./pacing";

describe("the pacer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-12-03T06:30:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Waits for the next send and reports when typing started and for how long, in fake milliseconds. */
  async function nextSend(pacer: Pacer, start: number) {
    let typing: { at: number; ms: number } | undefined;
    const done = pacer.wait(async (ms) => {
      typing = { at: Date.now() - start, ms };
    });
    await vi.runAllTimersAsync();
    await done;
    return typing;
  }

  it.each([
    { random: 0, gap: 150 },
    { random: 0.5, gap: 200 },
    { random: 0.999, gap: 249.9 },
  ])(
    "keeps min gap plus jitter × random ($gap ms) between sends, typing in its last part",
    async ({ random, gap }) => {
      const pacer = new Pacer({
        minGapMs: 150,
        jitterMs: 100,
        typingMinMs: 20,
        typingMaxMs: 20,
        random: () => random,
      });
      pacer.sent();
      const start = Date.now();
      const typing = await nextSend(pacer, start);
      expect(typing).toEqual({ at: Math.floor(gap - 20), ms: 20 });
    },
  );

  it("sends the first message without waiting out a gap", async () => {
    const pacer = new Pacer({
      minGapMs: 3000,
      jitterMs: 5000,
      typingMinMs: 0,
      typingMaxMs: 0,
      random: () => 1,
    });
    const start = Date.now();
    await nextSend(pacer, start);
    expect(Date.now() - start).toBe(0);
  });

  it("counts time already passed since the last send toward the gap", async () => {
    const pacer = new Pacer({ minGapMs: 1000, jitterMs: 0, typingMinMs: 0, typingMaxMs: 0, random: () => 0 });
    pacer.sent();
    vi.advanceTimersByTime(600);
    const start = Date.now();
    await nextSend(pacer, start);
    expect(Date.now() - start).toBe(400);
  });
});
