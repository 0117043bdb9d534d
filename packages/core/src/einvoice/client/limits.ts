import type { Clock } from "../../util/clock";

/** The MyInvois calls that LHDN throttles separately. */
export type Endpoint =
  | "login"
  | "submit"
  | "getSubmission"
  | "getDocument"
  | "getDocumentDetails"
  | "search"
  | "cancel"
  | "reject"
  | "validateTin";

/**
 * Requests per minute per client ID, as published by LHDN (SDK integration-practices, from
 * 30 May 2025). Going over them earns a 429 and, repeated, a throttled client ID, so the
 * client waits instead. The sandbox is lower and unpublished: pass `rateLimits` there.
 */
export const RATE_LIMITS: Record<Endpoint, number> = {
  login: 12,
  submit: 100,
  getSubmission: 300,
  getDocument: 60,
  getDocumentDetails: 125,
  search: 12,
  cancel: 12,
  reject: 12,
  validateTin: 60,
};

/** Search is also documented as "1 request every 5 s per taxpayer" (SDK search-documents). */
export const MIN_INTERVAL_MS: Partial<Record<Endpoint, number>> = { search: 5_000 };

const WINDOW_MS = 60_000;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sliding one-minute window: a call goes ahead when fewer than `perMinute` calls started in
 * the last 60 s (and at least `minIntervalMs` after the previous one), else it waits. Callers
 * are served in order, so concurrent callers cannot overtake the count.
 */
export function createRateLimiter(options: {
  perMinute: number;
  minIntervalMs?: number;
  clock: Clock;
  sleep: Sleep;
}) {
  const { perMinute, minIntervalMs = 0, clock, sleep } = options;
  const started: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const take = async () => {
    for (;;) {
      const now = clock.now().getTime();
      while (started.length > 0 && started[0]! <= now - WINDOW_MS) started.shift();
      const windowWait = started.length >= perMinute ? started[0]! + WINDOW_MS - now : 0;
      const last = started.at(-1);
      const spacingWait = last === undefined ? 0 : last + minIntervalMs - now;
      const wait = Math.max(windowWait, spacingWait);
      if (wait <= 0) {
        started.push(now);
        return;
      }
      await sleep(wait);
    }
  };

  return {
    acquire(): Promise<void> {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** LHDN's submission limits (SDK submit-documents, "Additional considerations"). */
export const MAX_DOCUMENTS_PER_SUBMISSION = 100;
export const MAX_DOCUMENT_BYTES = 300 * 1024;
export const MAX_SUBMISSION_BYTES = 5 * 1024 * 1024;

/**
 * Cancellation (issuer) and rejection (buyer) are allowed only within 72 hours of the document
 * becoming valid (SDK cancel-document / reject-document); after that a credit, debit or refund
 * note is the way to correct it.
 */
export const STATE_CHANGE_WINDOW_MS = 72 * 60 * 60 * 1000;

/** Whether a document validated at `validatedAt` may still be cancelled or rejected at `now`. */
export function canStillCancel(validatedAt: Date, now: Date): boolean {
  return now.getTime() - validatedAt.getTime() < STATE_CHANGE_WINDOW_MS;
}

/** The moment the cancel/reject window of a document validated at `validatedAt` closes. */
export const cancelDeadline = (validatedAt: Date) => new Date(validatedAt.getTime() + STATE_CHANGE_WINDOW_MS);

/** Search accepts at most 31 days between its From and To (SDK search-documents). */
export const MAX_SEARCH_SPAN_MS = 31 * 24 * 60 * 60 * 1000;

/**
 * Splits [from, to] into consecutive windows of at most 31 days. LHDN takes whole seconds,
 * so the bounds are truncated to the second before splitting.
 */
export function searchWindows(from: Date, to: Date): { from: Date; to: Date }[] {
  const start = Math.floor(from.getTime() / 1000) * 1000;
  const end = Math.floor(to.getTime() / 1000) * 1000;
  const windows: { from: Date; to: Date }[] = [];
  for (let at = start; at < end; at += MAX_SEARCH_SPAN_MS) {
    windows.push({ from: new Date(at), to: new Date(Math.min(at + MAX_SEARCH_SPAN_MS, end)) });
  }
  return windows;
}

/** Polling Get Submission: LHDN asks for 3–5 s between polls; slower while it stays busy. */
export const POLL_FIRST_DELAY_MS = 3_000;
export const POLL_MAX_DELAY_MS = 15_000;
export const nextPollDelay = (previous: number) => Math.min(Math.round(previous * 1.5), POLL_MAX_DELAY_MS);
