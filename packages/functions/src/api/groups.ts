import type { RouteGroup } from "../http/route-groups";

/*
 * The staff API's routes by concern, each group behind `import()` so a Lambda's cold start
 * loads none of them (see http/route-groups.ts). Which Lambda serves which groups is in
 * lambda/handlers.ts; the local runtime and the tests serve all of them from one app.
 */

/** Sign-in, refresh, logout and passwords: the `auth` Lambda. */
export const AUTH_GROUPS: RouteGroup[] = [
  { segments: ["auth"], load: async () => [(await import("./auth")).authRoutes()] },
];

/** The shop's day-to-day routes: the `api` Lambda. */
export const CORE_GROUPS: RouteGroup[] = [
  { segments: ["settings"], load: async () => [(await import("./settings")).settingsRoutes()] },
  { segments: ["users"], load: async () => [(await import("./users")).userRoutes()] },
  { segments: ["audit"], load: async () => [(await import("./audit")).auditRoutes()] },
  { segments: ["tickets"], load: async () => [(await import("./tickets")).ticketRoutes()] },
  { segments: ["customers"], load: async () => [(await import("./customers")).customerRoutes()] },
  { segments: ["intake-form"], load: async () => [(await import("./intake-form")).intakeFormRoutes()] },
  { segments: ["whatsapp"], load: async () => [(await import("./whatsapp")).whatsappRoutes()] },
  { segments: ["ai"], load: async () => [(await import("./ai")).aiRoutes()] },
  { segments: ["inbox"], load: async () => [(await import("./inbox")).inboxRoutes()] },
  { segments: ["appointments"], load: async () => [(await import("./appointments")).appointmentRoutes()] },
  { segments: ["campaigns"], load: async () => [(await import("./campaigns")).campaignRoutes()] },
  {
    // Driving the simulated gateway: only where WhatsApp is simulated (local).
    segments: ["dev"],
    load: async () => {
      const { config } = await import("../config");
      return config.waMode() === "simulated" ? [(await import("./dev")).devRoutes()] : [];
    },
  },
];

/**
 * The counter's routes: catalogue and stock, sales and payments, shifts, reports, quotes. In
 * AWS they are the `pos` Lambda, so the counter's cold start loads no ticket or WhatsApp code.
 */
export const POS_GROUPS: RouteGroup[] = [
  {
    segments: ["products"],
    load: async () => {
      const [catalogue, products] = await Promise.all([import("./catalogue"), import("./products")]);
      // Catalogue first: /products/export.csv must not be read as /products/{id}.
      return [catalogue.catalogueRoutes(), products.productRoutes()];
    },
  },
  {
    segments: ["checkout", "invoices", "payments", "payment-qr"],
    load: async () => {
      const [sales, refunds, paymentQr] = await Promise.all([
        import("./sales"),
        import("./refunds"),
        import("./payment-qr"),
      ]);
      return [sales.saleRoutes(), refunds.refundRoutes(), paymentQr.paymentQrRoutes()];
    },
  },
  { segments: ["shifts"], load: async () => [(await import("./shifts")).shiftRoutes()] },
  { segments: ["reports"], load: async () => [(await import("./reports")).reportRoutes()] },
  { segments: ["quotes"], load: async () => [(await import("./quotes")).quoteRoutes()] },
];

/** The e-invoice routes, with the document builder and signer: the `einvoice-api` Lambda. */
export const EINVOICE_GROUPS: RouteGroup[] = [
  { segments: ["einvoice"], load: async () => [(await import("./einvoice")).einvoiceRoutes()] },
];

/** Every staff group: the local runtime, the tests and the OpenAPI document. */
export const STAFF_GROUPS: RouteGroup[] = [...AUTH_GROUPS, ...CORE_GROUPS, ...POS_GROUPS, ...EINVOICE_GROUPS];
