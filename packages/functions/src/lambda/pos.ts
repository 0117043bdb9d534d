import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { mountPos } from "../api/pos";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/** The counter's routes (see POS_ROUTES in handlers.ts): products, stock, invoices, payments, checkout. */
export const handler = handle(createStaffApp(mountPos, { health: false }));
