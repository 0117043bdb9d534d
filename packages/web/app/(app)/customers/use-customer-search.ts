"use client";

import { useEffect, useState } from "react";
import { query } from "@/lib/api";
import type { GetCustomersResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";

const DEBOUNCE_MS = 250;

/** Customers whose name, phone or email matches `q` (all, newest first, when empty). */
export function useCustomerSearch(q: string, enabled = true) {
  const text = q.trim();
  // Typing waits for a pause; the first search runs at once.
  const [searched, setSearched] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSearched(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const state = useApi<GetCustomersResponse>(enabled ? `/customers${query({ q: searched })}` : null, {
    keepPreviousData: true,
  });
  return { customers: state.data?.customers, error: state.error, retry: state.retry };
}
