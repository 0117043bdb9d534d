"use client";

import { useEffect, useRef, useState } from "react";
import { ApiError, api, query } from "@/lib/api";
import type { Customer } from "./model";

const DEBOUNCE_MS = 250;

/** Customers whose name, phone or email matches `q` (all, newest first, when empty). */
export function useCustomerSearch(q: string, enabled = true) {
  const [customers, setCustomers] = useState<Customer[]>();
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const text = q.trim();
  // Only typing waits for a pause: the list's first load goes at once.
  const loaded = useRef(false);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const wait = attempt || !loaded.current ? 0 : DEBOUNCE_MS;
    loaded.current = true;
    setError(undefined);
    const timer = setTimeout(() => {
      api
        .get<{ customers: Customer[] }>(`/customers${query({ q: text })}`)
        .then((body) => {
          if (!cancelled) setCustomers(body.customers);
        })
        .catch((e: unknown) => {
          if (!cancelled) setError(e instanceof ApiError ? e : new ApiError(0, "unknown", String(e)));
        });
      // A retry (attempt > 0) runs at once; typing waits for a pause.
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, enabled, attempt]);

  return { customers, error, retry: () => setAttempt((n) => n + 1) };
}
