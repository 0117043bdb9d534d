import { loadProcessEnv } from "@wapos/core/env/process";
import { HttpEnv } from "../http/client-address";
import { LambdaEnv } from "./lambda";

/** Customers' API: intake, status links, e-invoice requests. */
export const PublicEnv = LambdaEnv.extend({ ...HttpEnv.shape });

export const loadPublicEnv = () => loadProcessEnv("public API", PublicEnv);
