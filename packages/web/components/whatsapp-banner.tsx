"use client";

import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { api } from "@/lib/api";
import type { WhatsAppConnection, WhatsAppStatus } from "@/lib/api/staff";
import type { Role } from "@/lib/nav";

/** GET /api/whatsapp/status (every role); admins read /api/whatsapp/connection, which also says why. */
type Status = WhatsAppStatus & Partial<Pick<WhatsAppConnection, "gateway_running" | "last_error">>;

const CONNECTION_PAGE = "/whatsapp/connection";
const REFRESH_MS = 30_000;

/**
 * Tells every staff member, on every page, when WhatsApp is not connected or the gateway raised
 * an alert: customers are not being messaged. The Connection page shows the same, live, so the
 * banner stays off it.
 */
export function WhatsAppBanner({ role }: { role: Role }) {
  const t = useTranslations("whatsapp_banner");
  const pathname = usePathname();
  const [status, setStatus] = useState<Status>();
  const admin = role === "admin";

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api
        .get<Status>(admin ? "/whatsapp/connection" : "/whatsapp/status")
        .then((body) => {
          if (!cancelled) setStatus(body);
        })
        .catch(() => {
          // Not knowing is not "disconnected": a server that cannot be reached shows its own errors.
          if (!cancelled) setStatus(undefined);
        });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [admin]);

  if (!status) return null;
  // Answered, nothing to warn about: an empty marker tells "all is well" apart from "not asked yet".
  if (pathname === CONNECTION_PAGE || (status.state === "open" && !status.alert))
    return <span hidden data-testid="whatsapp-banner-none" data-state={status.state} />;
  const connected = status.state === "open";
  const reason = status.gateway_running === false ? "not_running" : status.state;
  return (
    <Alert
      variant="warning"
      role="status"
      className="mb-5"
      data-testid="whatsapp-banner"
      data-state={status.state}
    >
      <TriangleAlert aria-hidden="true" />
      <AlertTitle>{connected ? t("attention") : t("not_connected")}</AlertTitle>
      <AlertDescription className="flex flex-col gap-1">
        {connected ? null : (
          <p>
            {t(`reason.${reason}`)}{" "}
            {admin && status.gateway_running && status.last_error ? `(${status.last_error}) ` : null}
            {t("consequence")}
          </p>
        )}
        {status.alert ? <p data-testid="whatsapp-banner-alert">{status.alert}</p> : null}
        {admin ? (
          <Link href={CONNECTION_PAGE} className="font-medium underline underline-offset-4">
            {t("open_connection")}
          </Link>
        ) : (
          <p>{t("ask_admin")}</p>
        )}
      </AlertDescription>
    </Alert>
  );
}
