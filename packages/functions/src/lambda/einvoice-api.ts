import { handle } from "hono/aws-lambda";
import { createStaffApp } from "../api/app";
import { EINVOICE_GROUPS } from "../api/groups";
import { loadApiEnv } from "../env/api";

loadApiEnv();

/** The counter's e-invoice pages (ANY /api/einvoice/{proxy+}), with the document builder and signer. */
export const handler = handle(createStaffApp(EINVOICE_GROUPS, { health: false }));
