import { handle } from "hono/aws-lambda";
import { loadPublicEnv } from "../env/public";
import { createPublicApi } from "../public/index";

loadPublicEnv();
export const handler = handle(createPublicApi());
