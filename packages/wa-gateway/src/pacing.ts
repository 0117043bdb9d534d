export type PacingOptions = {
  /** The least time between two sends. */
  minGapMs: number;
  /** Up to this much more, at random, on top of the minimum. */
  jitterMs: number;
  /** How long the shop is shown "typing…" before each message (within the gap). */
  typingMinMs: number;
  typingMaxMs: number;
  random: () => number;
};

/**
 * Realistic defaults for a real phone number: one send every 3–8 s, each after 1–3 s of
 * "typing…". Bursts (reported near 3 messages a second) are a known ban trigger; see
 * docs/architecture.md, "WhatsApp gateway".
 */
export const DEFAULT_PACING: PacingOptions = {
  minGapMs: 3000,
  jitterMs: 5000,
  typingMinMs: 1000,
  typingMaxMs: 3000,
  random: Math.random,
};

/** No gaps and no typing: the simulated phone, where pacing would only slow local runs and tests down. */
export const NO_PACING: Partial<PacingOptions> = { minGapMs: 0, jitterMs: 0, typingMinMs: 0, typingMaxMs: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spaces sends out: the gap since the previous send is at least minGapMs plus random jitter. */
export class Pacer {
  private readonly options: PacingOptions;
  private lastSentAt: number | undefined;

  constructor(options: Partial<PacingOptions> = {}) {
    this.options = { ...DEFAULT_PACING, ...options };
  }

  /** The gap to keep before the next send, drawn afresh for each message. */
  nextGapMs() {
    return this.options.minGapMs + this.options.random() * this.options.jitterMs;
  }

  /** Waits out the gap, spending its last part showing `typing` to the recipient. */
  async wait(typing: (ms: number) => Promise<void>) {
    const { typingMinMs, typingMaxMs, random } = this.options;
    const typingMs = typingMinMs + random() * (typingMaxMs - typingMinMs);
    const elapsed = this.lastSentAt === undefined ? Number.POSITIVE_INFINITY : Date.now() - this.lastSentAt;
    const remaining = Math.max(0, this.nextGapMs() - elapsed);
    if (remaining > typingMs) await sleep(remaining - typingMs);
    if (typingMs > 0) await typing(Math.round(typingMs));
  }

  /** Marks the end of a send attempt: the next gap counts from here. */
  sent() {
    this.lastSentAt = Date.now();
  }
}
