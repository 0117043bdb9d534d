"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { Customer } from "./model";

export function ConsentBadge({ consent }: { consent: Customer["whatsapp_consent"] }) {
  const t = useTranslations("customers.consent");
  const variant = consent === "opted_in" ? "success" : consent === "opted_out" ? "destructive" : "outline";
  return (
    <Badge variant={variant} data-consent={consent}>
      {t(consent)}
    </Badge>
  );
}
