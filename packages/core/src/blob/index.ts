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
import { BlobEnv, S3EndpointEnv } from "./env";
import { type PostForm, signPostPolicy } from "./post";

export * as Blob from "./index";
export type { PostForm } from "./post";

export type StoredObject = { body: Uint8Array; contentType?: string; size: number };

/** The blob store port (photos, receipts, invoice PDFs, backups). Keys never contain secrets. */
export interface BlobStore {
  put(key: string, body: Uint8Array | string, options?: { contentType?: string }): Promise<void>;
  /** Throws `blob.not_found` when the object does not exist. */
  get(key: string): Promise<StoredObject>;
  head(key: string): Promise<{ size: number; contentType?: string } | undefined>;
  /** The object's first `bytes` bytes (a ranged GET), for checking what a file really is. */
  peek(key: string, bytes: number): Promise<Uint8Array>;
  /** Copies an object, setting its content type and disposition (S3 copies server-side). */
  copy(from: string, to: string, options: { contentType: string; contentDisposition: string }): Promise<void>;
  remove(key: string): Promise<void>;
  /**
   * A URL the browser can PUT the object to directly. The content type and length are part of
   * the signature, so S3 refuses any other (the local s3rver checks neither: see blob/upload).
   */
  presignPut(
    key: string,
    options: { contentType: string; contentLength: number; expiresIn: number },
  ): Promise<string>;
  /**
   * A form a browser without JavaScript can post one file with, straight to storage; the
   * signed policy fixes the key and content type and bounds the size.
   */
  presignPost(
    key: string,
    options: { contentType: string; maxBytes: number; expiresIn: number; redirect: string },
  ): Promise<PostForm>;
  /** A URL to read the object; `contentType`/`contentDisposition` override what storage answers with. */
  presignGet(
    key: string,
    options: { expiresIn: number; contentType?: string; contentDisposition?: string },
  ): Promise<string>;
  /** Throws when the bucket cannot be reached. */
  check(): Promise<void>;
}

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

let store: BlobStore | undefined;

/** The process-wide store on BUCKET_NAME; browsers are sent to STORAGE_PUBLIC_URL when it is set. */
export function useStore(): BlobStore {
  if (!store) {
    const { BUCKET_NAME, STORAGE_PUBLIC_URL: publicUrl } = Env.read(BlobEnv);
    store = createS3BlobStore({
      bucket: BUCKET_NAME,
      publicClient: publicUrl ? createS3Client({ endpoint: publicUrl }) : undefined,
    });
  }
  return store;
}

export function setStore(next: BlobStore | undefined) {
  store = next;
}
