import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { POS_GROUPS } from "../api/groups";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/** The counter's routes (POS_GROUPS; their paths are POS_ROUTES in handlers.ts): products, stock, sales, payments. */
export const handler = handle(createStaffApp(POS_GROUPS, { health: false }));
