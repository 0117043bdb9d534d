/**
 * The shop the evaluation set assumes: its customers, their tickets and invoices, the price list
 * and the appointment book, at one fixed moment. Amounts are the database's NUMERIC(12,2) text,
 * instants UTC. A later bench seeds a database from this and plays the Responses API fake
 * against it; the rules bench reads only `NOW` and `TIME_ZONE`.
 */

/** Tuesday 10 March 2026, 10:00 in Kuala Lumpur. */
export const NOW = new Date("2026-03-10T02:00:00Z");
export const TIME_ZONE = "Asia/Kuala_Lumpur";

export const CUSTOMERS = {
  aisyah: { name: "Nur Aisyah", phone: "+60123456701" },
  ravi: { name: "Ravi Kumar", phone: "+60123456702" },
  meiling: { name: "Tan Mei Ling", phone: "+60123456703" },
  farid: { name: "Farid Hassan", phone: "+60123456704" },
  siti: { name: "Siti Nurhaliza", phone: "+60123456705" },
  hafiz: { name: "Hafiz Rahman", phone: "+60123456706" },
  /** A number the shop has never seen. */
  stranger: { name: null, phone: "+60199990000" },
} as const;
export type CustomerKey = keyof typeof CUSTOMERS;

export type Ticket = {
  number: string;
  customer: CustomerKey;
  device: string;
  imei?: string;
  problem: string;
  status: "NEW" | "IN_PROGRESS" | "READY" | "CLOSED";
  estimate?: string;
  approval?: "pending" | "approved" | "declined";
  eta?: string;
};

export const TICKETS: Ticket[] = [
  {
    number: "T-1001",
    customer: "aisyah",
    device: "iPhone 11",
    problem: "Cracked screen",
    status: "CLOSED",
    estimate: "280.00",
    approval: "approved",
  },
  {
    number: "T-1042",
    customer: "aisyah",
    device: "iPhone 13",
    imei: "356938035643809",
    problem: "Screen replacement",
    status: "READY",
    estimate: "450.00",
    approval: "approved",
    eta: "2026-03-10T06:00:00Z",
  },
  {
    number: "T-1043",
    customer: "ravi",
    device: "Samsung Galaxy A52",
    imei: "352099001761481",
    problem: "Battery drains fast",
    status: "IN_PROGRESS",
    estimate: "120.00",
    approval: "approved",
    eta: "2026-03-12T10:00:00Z",
  },
  {
    number: "T-1044",
    customer: "meiling",
    device: "Redmi Note 10",
    problem: "LCD lines, awaiting diagnosis",
    status: "NEW",
  },
  {
    number: "T-1045",
    customer: "meiling",
    device: "iPad 9",
    problem: "Battery replacement",
    status: "IN_PROGRESS",
    estimate: "220.00",
    approval: "pending",
    eta: "2026-03-11T09:00:00Z",
  },
  {
    number: "T-1046",
    customer: "siti",
    device: "Oppo A74",
    imei: "867531042231197",
    problem: "Charging port",
    status: "READY",
    estimate: "60.00",
    approval: "approved",
    eta: "2026-03-09T08:00:00Z",
  },
  {
    number: "T-1047",
    customer: "hafiz",
    device: "Vivo Y20",
    problem: "Water damage",
    status: "IN_PROGRESS",
    estimate: "250.00",
    approval: "approved",
    eta: "2026-03-13T08:00:00Z",
  },
];

export type Invoice = {
  number: string;
  customer: CustomerKey;
  total: string;
  status: "paid" | "issued";
  link: string;
};

export const INVOICES: Invoice[] = [
  {
    number: "INV-2026-000101",
    customer: "aisyah",
    total: "280.00",
    status: "paid",
    link: "https://shop.example/i/k3Jd9aQ1",
  },
  {
    number: "INV-2026-000102",
    customer: "farid",
    total: "25.00",
    status: "paid",
    link: "https://shop.example/i/p8Xw2mZ4",
  },
  {
    number: "INV-2026-000103",
    customer: "siti",
    total: "90.00",
    status: "paid",
    link: "https://shop.example/i/r5Tn7cV2",
  },
];

export type Product = { sku: string; name: string; kind: "service" | "product"; price: string };

export const CATALOGUE: Product[] = [
  { sku: "SCR-IP13", name: "iPhone 13 screen replacement", kind: "service", price: "450.00" },
  { sku: "SCR-IP11", name: "iPhone 11 screen replacement", kind: "service", price: "280.00" },
  { sku: "BAT-IP12", name: "iPhone 12 battery replacement", kind: "service", price: "160.00" },
  { sku: "CAM-IP13", name: "iPhone 13 rear camera replacement", kind: "service", price: "320.00" },
  { sku: "BAT-A52", name: "Samsung Galaxy A52 battery replacement", kind: "service", price: "120.00" },
  { sku: "LCD-RN10", name: "Redmi Note 10 LCD replacement", kind: "service", price: "190.00" },
  { sku: "BAT-IPAD9", name: "iPad 9 battery replacement", kind: "service", price: "220.00" },
  { sku: "PORT-TYPEC", name: "Type-C charging port repair", kind: "service", price: "60.00" },
  { sku: "SP-TEMP", name: "Tempered glass screen protector", kind: "product", price: "25.00" },
];

/** Opening hours in the shop's zone (Sunday closed) and the appointment book. */
export const HOURS = { days: [1, 2, 3, 4, 5, 6], open: "10:00", close: "19:00", slot_minutes: 30 };
/** Taken slots, local time. */
export const BOOKED = ["2026-03-11 11:00", "2026-03-14 14:00"];
