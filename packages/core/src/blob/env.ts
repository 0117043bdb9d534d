import * as z from "zod";
import { needs } from "../env/index";

/** The SDK's own endpoint settings (the local s3rver, LocalStack): path-style URLs then. */
export const S3EndpointEnv = z.object({
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL: z.url().optional(),
});

export const BlobEnv = S3EndpointEnv.extend({
  BUCKET_NAME: needs(z.string().min(3), { bucket: true }),
  /** Where browsers reach storage when it is not S3 itself (`npm start`: the app's /storage/). */
  STORAGE_PUBLIC_URL: z.url().optional(),
});
