"use client";

import { useCallback } from "react";
import useSWR, { type SWRConfiguration } from "swr";
import { ApiError, api } from "@/lib/api";

/** Any failure as an {@link ApiError}, so every view shows errors the same way. */
export const toApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "unknown", String(error));

export type ApiState<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  /** Loads again (the retry button of {@link DataState}); the data on screen stays meanwhile. */
  retry: () => void;
  /** Replaces the cached data, e.g. with what a write answered, without asking the server. */
  set: (next: T | ((current: T | undefined) => T | undefined)) => void;
};

/**
 * GET `path` (relative to /api) through SWR: one cache per path, so two views of the same data
 * share one request, and a view's data survives going back to it. `null` waits (a path that
 * depends on something not known yet). Types come from lib/api/staff (generated): for example
 * `useApi<GetUsersResponse>("/users")`. `read` replaces the session-aware client where a route
 * needs it (health: public, and its 503 carries the report).
 */
export function useApi<T>(
  path: string | null,
  {
    read = (key) => api.get<T>(key),
    ...options
  }: SWRConfiguration<T, ApiError> & { read?: (path: string) => Promise<T> } = {},
): ApiState<T> {
  const { data, error, mutate } = useSWR<T, ApiError>(
    path,
    (key: string) => read(key).catch((e: unknown) => Promise.reject(toApiError(e))),
    // Staff switch between the board and a ticket all day; a refetch on every focus is noise.
    { revalidateOnFocus: false, shouldRetryOnError: false, ...options },
  );
  // SWR's mutate is stable per key, so these are too: safe in effect and callback dependencies.
  const retry = useCallback(() => void mutate(), [mutate]);
  const set = useCallback<ApiState<T>["set"]>(
    (next) =>
      void mutate(
        typeof next === "function"
          ? (current) => (next as (c: T | undefined) => T | undefined)(current)
          : next,
        { revalidate: false },
      ),
    [mutate],
  );
  return { data, error, retry, set };
}
