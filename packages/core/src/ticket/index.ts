export * from "./base";
export * from "./call-customer";
export * as Ticket from "./index";
export * from "./jobs";
export * from "./queries";
export * from "./search";
export * from "./transitions";
