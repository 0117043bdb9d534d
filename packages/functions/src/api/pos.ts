import type { StaffApp } from "./app";
import { catalogueRoutes } from "./catalogue";
import { paymentQrRoutes } from "./payment-qr";
import { productRoutes } from "./products";
import { quoteRoutes } from "./quotes";
import { refundRoutes } from "./refunds";
import { reportRoutes } from "./reports";
import { saleRoutes } from "./sales";
import { shiftRoutes } from "./shifts";

/**
 * The counter's routes: catalogue and stock, sales and payments, and the sales reports. In AWS they are the `pos`
 * Lambda, so the counter's cold start loads no ticket or WhatsApp code, and the reverse.
 */
export function mountPos(app: StaffApp) {
  // Before productRoutes: /products/export.csv must not be read as /products/{id}.
  app.route("/", catalogueRoutes());
  app.route("/", productRoutes());
  app.route("/", saleRoutes());
  app.route("/", refundRoutes());
  app.route("/", shiftRoutes());
  app.route("/", reportRoutes());
  app.route("/", paymentQrRoutes());
  app.route("/", quoteRoutes());
}
