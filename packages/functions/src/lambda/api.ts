import { handle } from "hono/aws-lambda";
import { createApi } from "../api/index";
import { loadApiEnv } from "../env/api";

loadApiEnv();
export const handler = handle(createApi());
