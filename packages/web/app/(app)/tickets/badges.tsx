"use client";

import {
  AlarmClock,
  ArrowDown,
  ArrowUp,
  CircleCheck,
  CircleX,
  Clock,
  Flame,
  Hourglass,
  PhoneCall,
} from "lucide-react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { Approval, Priority, Sla, Status } from "./model";

export function StatusBadge({ status }: { status: Status }) {
  const t = useTranslations("ticket.status");
  const variant = status === "READY" ? "success" : status === "CLOSED" ? "outline" : "secondary";
  return (
    <Badge variant={variant} data-status={status}>
      {t(status)}
    </Badge>
  );
}

/** An invoice's status, in words where the messages have them. */
export function InvoiceStatusBadge({ status }: { status: string }) {
  const t = useTranslations("ticket.invoice.status");
  return (
    <Badge variant={status === "paid" ? "success" : "secondary"}>{t.has(status) ? t(status) : status}</Badge>
  );
}

export function ApprovalBadge({ approval }: { approval: Approval | null }) {
  const t = useTranslations("ticket.approval");
  if (!approval) return null;
  const Icon = approval === "approved" ? CircleCheck : approval === "declined" ? CircleX : Hourglass;
  const variant = approval === "approved" ? "success" : approval === "declined" ? "destructive" : "warning";
  return (
    <Badge variant={variant} data-approval={approval}>
      <Icon className="size-3" aria-hidden="true" />
      {t(approval)}
    </Badge>
  );
}

/** Only the tickets that need someone's eye get a badge: near or past the promised time. */
export function SlaBadge({ sla }: { sla: Sla }) {
  const t = useTranslations("ticket.sla");
  if (sla !== "due_soon" && sla !== "overdue") return null;
  return (
    <Badge variant={sla === "overdue" ? "destructive" : "warning"} data-sla={sla}>
      {sla === "overdue" ? (
        <AlarmClock className="size-3" aria-hidden="true" />
      ) : (
        <Clock className="size-3" aria-hidden="true" />
      )}
      {t(sla)}
    </Badge>
  );
}

export function PriorityBadge({ priority, quiet = false }: { priority: Priority; quiet?: boolean }) {
  const t = useTranslations("ticket.priority");
  if (quiet && priority === "normal") return null;
  const Icon =
    priority === "urgent" ? Flame : priority === "high" ? ArrowUp : priority === "low" ? ArrowDown : null;
  const variant = priority === "urgent" ? "destructive" : priority === "high" ? "warning" : "outline";
  return (
    <Badge variant={variant} data-priority={priority}>
      {Icon ? <Icon className="size-3" aria-hidden="true" /> : null}
      {t(priority)}
    </Badge>
  );
}

/** A WhatsApp message did not reach the customer: someone should phone them. */
export function CallCustomerBadge({ at }: { at: string | null }) {
  const t = useTranslations("ticket.call_customer");
  if (!at) return null;
  return (
    <Badge variant="destructive" data-call-customer="">
      <PhoneCall className="size-3" aria-hidden="true" />
      {t("badge")}
    </Badge>
  );
}
