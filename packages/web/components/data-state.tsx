"use client";

import type { ReactNode } from "react";
import { LoadFailed } from "@/components/load-failed";
import { Skeleton } from "@/components/ui/skeleton";
import type { ApiState } from "@/lib/use-api";
import { cn } from "@/lib/utils";

type Props<T> = {
  state: Pick<ApiState<T>, "data" | "error" | "retry">;
  /** Whether the loaded data has nothing to show; then `empty` is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** What stands in while loading; by default `rows` grey bars. */
  loading?: ReactNode;
  rows?: number;
  className?: string;
  children: (data: T) => ReactNode;
};

/**
 * The one loading / error / empty pattern of the dashboard's views: bars while loading (marked
 * busy), the error with a retry button (a 403 as "no access"), a dashed box when there is
 * nothing, else the view. An error after data was shown keeps the data (a failed background
 * refresh is not a reason to blank the page).
 */
export function DataState<T>({ state, isEmpty, empty, loading, rows = 2, className, children }: Props<T>) {
  const { data, error, retry } = state;
  if (data === undefined && error) return <LoadFailed error={error} onRetry={retry} />;
  if (data === undefined)
    return (
      loading ?? (
        <div aria-busy="true" data-state="loading" className={cn("flex flex-col gap-2", className)}>
          {Array.from({ length: rows }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders with no identity
            <Skeleton key={index} className="h-12 w-full" />
          ))}
        </div>
      )
    );
  if (empty !== undefined && isEmpty?.(data))
    return (
      <p
        className="rounded-xl border border-dashed p-6 text-muted-foreground"
        role="status"
        data-state="empty"
      >
        {empty}
      </p>
    );
  return <>{children(data)}</>;
}
