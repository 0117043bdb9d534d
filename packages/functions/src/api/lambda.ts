import { handle } from "hono/aws-lambda";
import { createApi } from "./index";

export const handler = handle(createApi());
