import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError } from "@/lib/api";
import type { WhatsAppConnection } from "@/lib/api/staff";
import { useErrorText } from "@/lib/issues";

/** GET /api/whatsapp/connection (generated from the staff API's document). */
export type Connection = WhatsAppConnection;
export type ConnectionState = Connection["state"];

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
