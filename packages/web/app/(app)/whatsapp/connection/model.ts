import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/lib/api";
import { useErrorText } from "@/lib/issues";

export type ConnectionState = "connecting" | "open" | "closed" | "needs_pairing";

/** GET /api/whatsapp/connection */
export type Connection = {
  state: ConnectionState;
  since: string | null;
  last_error: string | null;
  mode: string | null;
  gateway_running: boolean;
  heartbeat_at: string | null;
  qr: string | null;
  pairing_code: string | null;
  linked_phone: string | null;
  alert: string | null;
  alert_at: string | null;
  metrics: {
    started_at: string;
    state_changes: number;
    reconnects: number;
    connected_ms: number;
    watchdog_restarts: number;
  } | null;
};

export const CONNECTION_PATH = "/whatsapp/connection";

/** Text for a failed connection request: this page's own codes first, then the shared ones. */
export function useActionErrorText() {
  const t = useTranslations("connection.errors");
  const errorText = useErrorText();
  return useCallback(
    (error: unknown) => {
      const key = error instanceof ApiError ? error.code.replaceAll(".", "_") : undefined;
      return key && t.has(key) ? t(key) : errorText(error);
    },
    [t, errorText],
  );
}
