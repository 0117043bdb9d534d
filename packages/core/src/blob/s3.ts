// The S3 adapter of the blob store port, with its SDK: imported on first use (index.ts, useStore).
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Env } from "../env/index";
import { VisibleError } from "../error";
import { S3EndpointEnv } from "./env";
import type { BlobStore } from "./index";
import { signPostPolicy } from "./post";

/**
 * An S3 client. With a custom endpoint (given, or AWS_ENDPOINT_URL_S3: the local s3rver,
 * LocalStack) it uses path-style URLs and sends checksums only when required, because
 * s3rver stores the SDK's default aws-chunked bodies without decoding them.
 */
export function createS3Client(options: { endpoint?: string } = {}): S3Client {
  const env = options.endpoint ? undefined : Env.read(S3EndpointEnv);
  const custom = Boolean(options.endpoint ?? env?.AWS_ENDPOINT_URL_S3 ?? env?.AWS_ENDPOINT_URL);
  if (!custom) return new S3Client({});
  return new S3Client({
    endpoint: options.endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** Creates the bucket unless it exists (local endpoints; in AWS the infra owns the bucket). */
export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  }
}

/**
 * The S3 adapter of the blob store port. `publicClient` signs the URLs browsers use, when
 * they reach storage at another address than this process does (locally: the one origin's
 * /storage/ path, proxied to s3rver, instead of s3rver's loopback port).
 */
export function createS3BlobStore(options: {
  bucket: string;
  client?: S3Client;
  publicClient?: S3Client;
}): BlobStore {
  const client = options.client ?? createS3Client();
  const signer = options.publicClient ?? client;
  const Bucket = options.bucket;
  return {
    async put(key, body, { contentType } = {}) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async get(key) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        const body = await result.Body!.transformToByteArray();
        return { body, contentType: result.ContentType, size: body.byteLength };
      } catch (error) {
        if (error instanceof NoSuchKey) throw new VisibleError("blob.not_found", `No object ${key}`);
        throw error;
      }
    },
    async head(key) {
      try {
        const result = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: result.ContentLength ?? 0, contentType: result.ContentType };
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === "NotFound") return undefined;
        throw error;
      }
    },
    async peek(key, bytes) {
      const result = await client.send(
        new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
      );
      return (await result.Body!.transformToByteArray()).slice(0, bytes);
    },
    async copy(from, to, { contentType, contentDisposition }) {
      await client.send(
        new CopyObjectCommand({
          Bucket,
          Key: to,
          CopySource: `${Bucket}/${from.split("/").map(encodeURIComponent).join("/")}`,
          MetadataDirective: "REPLACE",
          ContentType: contentType,
          ContentDisposition: contentDisposition,
        }),
      );
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    presignPut(key, { contentType, contentLength, expiresIn }) {
      return getSignedUrl(
        signer,
        new PutObjectCommand({ Bucket, Key: key, ContentType: contentType, ContentLength: contentLength }),
        { expiresIn, signableHeaders: new Set(["content-type", "content-length"]) },
      );
    },
    presignPost(key, options) {
      return signPostPolicy(signer, Bucket, key, options);
    },
    presignGet(key, { expiresIn, contentType, contentDisposition }) {
      return getSignedUrl(
        signer,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: contentDisposition,
        }),
        { expiresIn },
      );
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}
