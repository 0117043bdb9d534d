import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Upload } from "@wapos/core/blob/upload";
import { Product } from "@wapos/core/product/index";
import { errorResponse, GUARDED_ERRORS, UploadTarget } from "../http/schemas";
import { secureRoute } from "../http/security";

const IdParam = z.object({ id: z.uuid() });
const ProductPage = z.object({ product: Product.View, variants: z.array(Product.View) });
const ProductList = z.object({ products: z.array(Product.View), next: z.string().nullable() });
const ok = (description: string, schema: z.ZodType = ProductPage) => ({
  description,
  content: { "application/json": { schema } },
});

// GET /api/products?q=&kind=&low_stock=&after= – the catalogue in SKU order, searched by name, SKU or barcode
const list = secureRoute("/api", {
  method: "get",
  path: "/products",
  tags: ["products"],
  summary: "Find products",
  request: { query: Product.ListInput },
  responses: { 200: ok("Products", ProductList), 400: errorResponse("Invalid input"), ...GUARDED_ERRORS },
});

// GET /api/products/lookup?code= – the product a scanned barcode (or typed SKU) names
const scan = secureRoute("/api", {
  method: "get",
  path: "/products/lookup",
  tags: ["products"],
  summary: "Look up a scanned code",
  request: { query: z.object({ code: z.string().trim().min(1).max(40) }) },
  responses: { 200: ok("The product"), 404: errorResponse("product.not_found"), ...GUARDED_ERRORS },
});

// POST /api/products – add to the catalogue (audited)
const create = secureRoute("/api", {
  method: "post",
  path: "/products",
  tags: ["products"],
  summary: "Add a product",
  request: { body: { required: true, content: { "application/json": { schema: Product.CreateInput } } } },
  responses: {
    201: ok("The product"),
    400: errorResponse("Invalid input"),
    409: errorResponse("product.sku_taken, product.barcode_taken"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/products/:id – a product with its variants
const get = secureRoute("/api", {
  method: "get",
  path: "/products/{id}",
  tags: ["products"],
  summary: "A product",
  request: { params: IdParam },
  responses: { 200: ok("The product"), 404: errorResponse("product.not_found"), ...GUARDED_ERRORS },
});

// PATCH /api/products/:id – edit (audited)
const update = secureRoute("/api", {
  method: "patch",
  path: "/products/{id}",
  tags: ["products"],
  summary: "Edit a product",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Product.UpdateInput } } },
  },
  responses: {
    200: ok("The product"),
    400: errorResponse("Invalid input"),
    404: errorResponse("product.not_found"),
    409: errorResponse("product.sku_taken, product.barcode_taken"),
    ...GUARDED_ERRORS,
  },
});

// DELETE /api/products/:id – soft delete: off the counter, kept on the invoices that name it
const remove = secureRoute("/api", {
  method: "delete",
  path: "/products/{id}",
  tags: ["products"],
  summary: "Remove a product",
  request: { params: IdParam },
  responses: {
    200: ok("The product as it was", Product.View),
    404: errorResponse("product.not_found"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/products/:id/stock – a purchase, an adjustment or a stock count, with a reason (audited)
const stock = secureRoute("/api", {
  method: "post",
  path: "/products/{id}/stock",
  tags: ["products"],
  summary: "Record stock in, out or counted",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Product.StockInput } } },
  },
  responses: {
    200: ok("The product"),
    400: errorResponse("Invalid input"),
    404: errorResponse("product.not_found"),
    409: errorResponse("stock.insufficient"),
    ...GUARDED_ERRORS,
  },
});

// GET /api/products/:id/moves – the stock ledger, newest first
const moves = secureRoute("/api", {
  method: "get",
  path: "/products/{id}/moves",
  tags: ["products"],
  summary: "A product's stock moves",
  request: { params: IdParam },
  responses: {
    200: ok(
      "Moves",
      z.object({
        moves: z.array(
          z.object({
            id: z.uuid(),
            qty: z.number().int(),
            reason: Product.Reason,
            ref_type: z.string().nullable(),
            ref_id: z.string().nullable(),
            note: z.string().nullable(),
            created_at: z.string(),
          }),
        ),
      }),
    ),
    404: errorResponse("product.not_found"),
    ...GUARDED_ERRORS,
  },
});

// POST /api/products/:id/images – an upload URL for a product photo; PATCH its key into image_keys after the PUT
const images = secureRoute("/api", {
  method: "post",
  path: "/products/{id}/images",
  tags: ["products"],
  summary: "Get a photo upload URL",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: Upload.UploadRequest } } },
  },
  responses: {
    200: ok("PUT the photo to upload_url with exactly the stated size and Content-Type", UploadTarget),
    400: errorResponse("Invalid input, upload.too_large"),
    404: errorResponse("product.not_found"),
    ...GUARDED_ERRORS,
  },
});

async function page(id: string) {
  const { row, variants } = await Product.get(id);
  return ProductPage.parse({ product: Product.toView(row), variants: variants.map(Product.toView) });
}

export function productRoutes() {
  const app = new OpenAPIHono();
  app.openapi(list, async (c) => {
    const query = c.req.valid("query");
    const rows = await Product.list.force(query);
    const next = rows.length === query.limit ? rows.at(-1)!.sku : null;
    return c.json(ProductList.parse({ products: rows.map(Product.toView), next }), 200);
  });
  app.openapi(scan, async (c) =>
    c.json(await page((await Product.byCode(c.req.valid("query").code)).id), 200),
  );
  app.openapi(create, async (c) => c.json(await page((await Product.create(c.req.valid("json"))).id), 201));
  app.openapi(get, async (c) => c.json(await page(c.req.valid("param").id), 200));
  app.openapi(update, async (c) => {
    await Product.update(c.req.valid("param").id, c.req.valid("json"));
    return c.json(await page(c.req.valid("param").id), 200);
  });
  app.openapi(remove, async (c) =>
    c.json(Product.toView(await Product.remove(c.req.valid("param").id)), 200),
  );
  app.openapi(stock, async (c) => {
    await Product.adjust(c.req.valid("param").id, c.req.valid("json"));
    return c.json(await page(c.req.valid("param").id), 200);
  });
  app.openapi(images, async (c) =>
    c.json(await Product.presignImage(c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(moves, async (c) => {
    await Product.get(c.req.valid("param").id);
    return c.json({ moves: await Product.moves(c.req.valid("param").id) }, 200);
  });
  return app;
}
