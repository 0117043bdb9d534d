import { createHmac } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";

export type PostForm = { url: string; fields: Record<string, string> };

const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/**
 * A browser-based POST upload (S3's "POST Object" with a SigV4-signed policy). Written here
 * rather than taken from @aws-sdk/s3-presigned-post, which pins its own copy of the S3
 * client and would put a second one into every bundle. The policy fixes the key, the content
 * type and the redirect, and bounds the size.
 */
export async function signPostPolicy(
  client: S3Client,
  bucket: string,
  key: string,
  options: { contentType: string; maxBytes: number; expiresIn: number; redirect: string },
): Promise<PostForm> {
  const credentials = await client.config.credentials();
  const region = await client.config.region();
  const now = new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const credential = `${credentials.accessKeyId}/${day}/${region}/s3/aws4_request`;
  const fields: Record<string, string> = {
    key,
    "Content-Type": options.contentType,
    success_action_redirect: options.redirect,
    "x-amz-algorithm": "AWS4-HMAC-SHA256",
    "x-amz-credential": credential,
    "x-amz-date": amzDate,
    ...(credentials.sessionToken ? { "x-amz-security-token": credentials.sessionToken } : {}),
  };
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + options.expiresIn * 1000).toISOString(),
      conditions: [
        { bucket },
        ["content-length-range", 1, options.maxBytes],
        ...Object.entries(fields).map(([name, value]) => ["eq", `$${name}`, value]),
      ],
    }),
  ).toString("base64");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), "s3"),
    "aws4_request",
  );
  fields.policy = policy;
  fields["x-amz-signature"] = hmac(signingKey, policy).toString("hex");
  return { url: await bucketUrl(client, bucket, region), fields };
}

/** Path-style under a custom endpoint (s3rver, LocalStack, the local /storage proxy), else S3's own host. */
async function bucketUrl(client: S3Client, bucket: string, region: string) {
  const endpoint = await client.config.endpoint?.();
  if (!endpoint) return `https://${bucket}.s3.${region}.amazonaws.com/`;
  const port = endpoint.port ? `:${endpoint.port}` : "";
  const path = endpoint.path.replace(/\/$/, "");
  return `${endpoint.protocol}//${endpoint.hostname}${port}${path}/${bucket}`;
}
