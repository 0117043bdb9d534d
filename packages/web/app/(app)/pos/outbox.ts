"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import { ApiError, api } from "@/lib/api";
import type { PostCheckoutResponse } from "@/lib/api/staff";
import type { CheckoutBody } from "./cart";

/**
 * Sales made while the API could not be reached, kept in this browser until they are answered.
 * Each keeps its idempotency key, so a sale the server did receive before the line dropped is
 * answered with the first result, never made twice.
 */
export type Pending = {
  key: string;
  body: CheckoutBody;
  created_at: string;
  /** Shown in the list: how many items and the estimated total. */
  summary: { items: number; total: string };
  /** Set when the API answered with a 4xx: the cashier must see it and dismiss it. */
  refused?: { code: string; message: string; details: Record<string, unknown> };
};

const STORAGE_KEY = "wapos.pos.outbox";
const RETRY_MS = 15_000;

/** The API could not be reached, or a gateway in front of it could not: worth sending again. */
export const unreachable = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || [502, 503, 504].includes(error.status));

function read(): Pending[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as Pending[]) : [];
  } catch {
    // A damaged entry (edited by hand, cut off) is not a sale that can be sent; start over.
    return [];
  }
}

let snapshot: Pending[] = [];
let loaded = false;
const listeners = new Set<() => void>();

function current(): Pending[] {
  if (!loaded && typeof window !== "undefined") {
    snapshot = read();
    loaded = true;
  }
  return snapshot;
}

function write(next: Pending[]) {
  snapshot = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  for (const listener of listeners) listener();
}

function update(key: string, change: (entry: Pending) => Pending | undefined) {
  write(current().flatMap((entry) => (entry.key === key ? (change(entry) ?? []) : [entry])));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    snapshot = read();
    listener();
  };
  window.addEventListener("storage", fromOtherTab);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", fromOtherTab);
  };
}

const EMPTY: Pending[] = [];

/** Keeps a sale to send later. */
export function keep(entry: Omit<Pending, "created_at">) {
  if (current().some((e) => e.key === entry.key)) return;
  write([...current(), { ...entry, created_at: new Date().toISOString() }]);
}

/** Sales being sent now, by key: at most one request per sale at any time. */
const inFlight = new Set<string>();

/** A new snapshot, so the list re-renders when a sale starts or stops being sent. */
function changed() {
  snapshot = [...current()];
  for (const listener of listeners) listener();
}

/**
 * Sends one kept sale. A 2xx removes it; a 4xx marks it refused for the cashier to see; an
 * unreachable API leaves it waiting for the next try.
 */
async function send(key: string, onSent: (sale: PostCheckoutResponse) => void) {
  const entry = current().find((e) => e.key === key);
  if (!entry || entry.refused || inFlight.has(key)) return;
  inFlight.add(key);
  changed();
  try {
    const sale = await api.post<PostCheckoutResponse>("/checkout", entry.body);
    update(key, () => undefined);
    onSent(sale);
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500)
      update(key, (e) => ({
        ...e,
        refused: { code: error.code, message: error.message, details: error.details },
      }));
    else if (!unreachable(error)) console.error("outbox: sale not sent", key, error);
  } finally {
    inFlight.delete(key);
    changed();
  }
}

export const isSending = (key: string) => inFlight.has(key);

/**
 * The kept sales, sent when the browser says it is online again, on a timer, and on opening
 * the counter. `onSent` hears of each sale the API accepted.
 */
export function useOutbox(onSent: (sale: PostCheckoutResponse) => void) {
  const pending = useSyncExternalStore(subscribe, current, () => EMPTY);

  const flush = useCallback(() => {
    for (const entry of current()) void send(entry.key, onSent);
  }, [onSent]);

  useEffect(() => {
    flush();
    window.addEventListener("online", flush);
    const timer = window.setInterval(flush, RETRY_MS);
    return () => {
      window.removeEventListener("online", flush);
      window.clearInterval(timer);
    };
  }, [flush]);

  const dismiss = useCallback((key: string) => update(key, () => undefined), []);
  return { pending, flush, dismiss };
}
