"use client";

import { query } from "@/lib/api";
import type { GetCustomersResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";
import { useDebounced } from "@/lib/use-debounced";

const DEBOUNCE_MS = 250;

/** Customers whose name, phone or email matches `q` (all, newest first, when empty). */
export function useCustomerSearch(q: string, enabled = true) {
  const searched = useDebounced(q.trim(), DEBOUNCE_MS);
  const state = useApi<GetCustomersResponse>(enabled ? `/customers${query({ q: searched })}` : null, {
    keepPreviousData: true,
  });
  return { customers: state.data?.customers, error: state.error, retry: state.retry };
}
