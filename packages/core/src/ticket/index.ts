export * from "./base";
export * from "./board";
export * from "./call-customer";
export * as Ticket from "./index";
export * from "./jobs";
export * from "./photos";
export * from "./queries";
export * from "./search";
export * from "./transitions";
