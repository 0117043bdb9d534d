import {
  Boxes,
  CalendarClock,
  ChartColumn,
  ClipboardList,
  FileCheck2,
  FileText,
  History,
  Inbox,
  LayoutDashboard,
  type LucideIcon,
  Megaphone,
  QrCode,
  RefreshCw,
  Settings,
  ShoppingCart,
  Smartphone,
  UserCog,
  Users,
  Wrench,
} from "lucide-react";

export type Role = "admin" | "tech" | "cashier";
export const ROLES: readonly Role[] = ["admin", "tech", "cashier"];

export type NavItem = {
  /** Message key under `nav.items`. */
  key: string;
  href: string;
  icon: LucideIcon;
  roles: readonly Role[];
};

export type NavSection = { key: string; items: NavItem[] };

const ALL = ROLES;
const ADMIN: readonly Role[] = ["admin"];

/**
 * The one table of who sees which module. The API enforces the same rules on every route;
 * this only keeps people from meeting doors they cannot open.
 */
export const NAV: NavSection[] = [
  {
    key: "work",
    items: [
      { key: "dashboard", href: "/", icon: LayoutDashboard, roles: ALL },
      { key: "pos", href: "/pos", icon: ShoppingCart, roles: ["admin", "cashier"] },
      { key: "tickets", href: "/tickets", icon: Wrench, roles: ALL },
      { key: "appointments", href: "/appointments", icon: CalendarClock, roles: ALL },
      { key: "crm", href: "/customers", icon: Users, roles: ALL },
      { key: "stock", href: "/stock", icon: Boxes, roles: ["admin", "tech"] },
    ],
  },
  {
    key: "whatsapp",
    items: [
      { key: "inbox", href: "/whatsapp/inbox", icon: Inbox, roles: ALL },
      { key: "campaigns", href: "/whatsapp/campaigns", icon: Megaphone, roles: ADMIN },
      { key: "connection", href: "/whatsapp/connection", icon: Smartphone, roles: ADMIN },
    ],
  },
  {
    key: "billing",
    items: [
      { key: "invoices", href: "/invoices", icon: FileText, roles: ["admin", "cashier"] },
      { key: "quotes", href: "/quotes", icon: ClipboardList, roles: ["admin", "cashier"] },
      { key: "einvoice", href: "/e-invoice", icon: FileCheck2, roles: ["admin", "cashier"] },
      { key: "reports", href: "/reports", icon: ChartColumn, roles: ADMIN },
    ],
  },
  {
    key: "admin",
    items: [
      { key: "settings", href: "/settings", icon: Settings, roles: ADMIN },
      { key: "intake_form", href: "/intake-form", icon: QrCode, roles: ADMIN },
      { key: "users", href: "/users", icon: UserCog, roles: ADMIN },
      { key: "audit", href: "/audit", icon: History, roles: ADMIN },
    ],
  },
  {
    key: "system",
    items: [{ key: "updates", href: "/updates", icon: RefreshCw, roles: ALL }],
  },
];

export const NAV_ITEMS: NavItem[] = NAV.flatMap((section) => section.items);

export function navFor(role: Role): NavSection[] {
  return NAV.map((section) => ({
    ...section,
    items: section.items.filter((i) => i.roles.includes(role)),
  })).filter((section) => section.items.length > 0);
}

/** The module a path belongs to: the longest href that is the path or a parent of it. */
export function itemFor(pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const item of NAV_ITEMS) {
    const matches =
      item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
    if (matches && (!best || item.href.length > best.href.length)) best = item;
  }
  return best;
}

export function canSee(role: Role, pathname: string): boolean {
  const item = itemFor(pathname);
  return !item || item.roles.includes(role);
}
