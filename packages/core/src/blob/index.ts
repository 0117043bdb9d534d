import {
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
import { VisibleError } from "../error";

export * as Blob from "./index";

export type StoredObject = { body: Uint8Array; contentType?: string; size: number };

/** The blob store port (photos, receipts, invoice PDFs, backups). Keys never contain secrets. */
export interface BlobStore {
  put(key: string, body: Uint8Array | string, options?: { contentType?: string }): Promise<void>;
  /** Throws `blob.not_found` when the object does not exist. */
  get(key: string): Promise<StoredObject>;
  head(key: string): Promise<{ size: number; contentType?: string } | undefined>;
  remove(key: string): Promise<void>;
  /** A URL the browser can PUT the object to directly; the content type is part of the signature. */
  presignPut(key: string, options: { contentType: string; expiresIn: number }): Promise<string>;
  presignGet(key: string, options: { expiresIn: number }): Promise<string>;
  /** Throws when the bucket cannot be reached. */
  check(): Promise<void>;
}

/**
 * An S3 client. With a custom endpoint (given, or AWS_ENDPOINT_URL_S3: the local s3rver,
 * LocalStack) it uses path-style URLs and sends checksums only when required, because
 * s3rver stores the SDK's default aws-chunked bodies without decoding them.
 */
export function createS3Client(options: { endpoint?: string } = {}): S3Client {
  const custom = Boolean(options.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
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

/** The S3 adapter of the blob store port. */
export function createS3BlobStore(options: { bucket: string; client?: S3Client }): BlobStore {
  const client = options.client ?? createS3Client();
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
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    presignPut(key, { contentType, expiresIn }) {
      return getSignedUrl(client, new PutObjectCommand({ Bucket, Key: key, ContentType: contentType }), {
        expiresIn,
      });
    },
    presignGet(key, { expiresIn }) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn });
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}

let store: BlobStore | undefined;

/** The process-wide store on BUCKET_NAME. */
export function useStore(): BlobStore {
  if (!store) {
    const bucket = process.env.BUCKET_NAME;
    if (!bucket) throw new Error("BUCKET_NAME is not set");
    store = createS3BlobStore({ bucket });
  }
  return store;
}

export function setStore(next: BlobStore | undefined) {
  store = next;
}
