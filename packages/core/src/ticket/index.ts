export * from "./base";
export * as Ticket from "./index";
export * from "./jobs";
export * from "./queries";
export * from "./search";
export * from "./transitions";
