import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ImportInput, LabelSize, Report } from "@wapos/core/product/contracts";
import { Product } from "@wapos/core/product/index";
import { useClock } from "@wapos/core/util/clock";
import { errorResponse, GUARDED_ERRORS } from "../http/schemas";
import { secureRoute } from "../http/security";

// GET /api/products/export.csv – the whole catalogue as a spreadsheet (formula cells guarded)
const exportCsv = secureRoute("/api", {
  method: "get",
  path: "/products/export.csv",
  tags: ["products"],
  summary: "Export the catalogue as CSV",
  responses: { 200: { description: "text/csv" }, ...GUARDED_ERRORS },
});

// POST /api/products/import – create and update products from a CSV, a dry run first
const importCsv = secureRoute("/api", {
  method: "post",
  path: "/products/import",
  tags: ["products"],
  summary: "Import the catalogue from CSV (dry run by default)",
  request: { body: { required: true, content: { "application/json": { schema: ImportInput } } } },
  responses: {
    200: {
      description: "What the file changes (or would change, on a dry run)",
      content: { "application/json": { schema: Report } },
    },
    400: errorResponse(
      "product.import_invalid (details: the report, every bad row by line), or invalid input",
    ),
    ...GUARDED_ERRORS,
  },
});

const LabelsInput = z.object({
  product_ids: z.array(z.uuid()).min(1).max(200),
  size: LabelSize,
});

// POST /api/products/labels – a printable page of barcode labels for the chosen products
const labels = secureRoute("/api", {
  method: "post",
  path: "/products/labels",
  tags: ["products"],
  summary: "Printable barcode labels",
  request: { body: { required: true, content: { "application/json": { schema: LabelsInput } } } },
  responses: {
    200: { description: "text/html: one label per page at the label's size" },
    400: errorResponse("Invalid input, barcode.invalid"),
    404: errorResponse("product.not_found"),
    ...GUARDED_ERRORS,
  },
});

/** The CSV parser and writer, loaded with the first catalogue file, not at the counter's cold start. */
const csv = () => import("@wapos/core/product/csv");

/** Catalogue files: CSV export and import, printed labels. Mounted before /products/{id}. */
export function catalogueRoutes() {
  const app = new OpenAPIHono();
  app.openapi(exportCsv, async (c) => {
    const day = useClock().now().toISOString().slice(0, 10);
    const { ProductCsv } = await csv();
    return c.body(await ProductCsv.exportCsv(), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="catalogue-${day}.csv"`,
    });
  });
  app.openapi(importCsv, async (c) => {
    const { ProductCsv } = await csv();
    return c.json(Report.parse(await ProductCsv.importCsv.force(c.req.valid("json"))), 200);
  });
  app.openapi(labels, async (c) => {
    const { product_ids, size } = c.req.valid("json");
    const rows = await Promise.all(product_ids.map(async (id) => (await Product.get(id)).row));
    const { Barcode } = await import("@wapos/core/product/barcode");
    const html = Barcode.labelHtml(
      rows.map((r) => ({ name: r.name, price: r.price, sku: r.sku, barcode: r.barcode })),
      { size },
    );
    return c.body(html, 200, { "content-type": "text/html; charset=utf-8" });
  });
  return app;
}
