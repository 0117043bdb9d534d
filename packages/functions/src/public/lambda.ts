import { handle } from "hono/aws-lambda";
import { createPublicApi } from "./index";

export const handler = handle(createPublicApi());
