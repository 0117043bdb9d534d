import { Env } from "../env/index";
import { lazyPort } from "../util/lazy";
import { BlobEnv } from "./env";
import type { PostForm } from "./post";

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

let store: BlobStore | undefined;

/** The process-wide store on BUCKET_NAME; browsers are sent to STORAGE_PUBLIC_URL when it is set. */
export function useStore(): BlobStore {
  if (!store) {
    const { BUCKET_NAME, STORAGE_PUBLIC_URL: publicUrl } = Env.read(BlobEnv);
    // S3, its SDK loaded on the first call.
    store = lazyPort(async () => {
      const { createS3BlobStore, createS3Client } = await import("./s3");
      return createS3BlobStore({
        bucket: BUCKET_NAME,
        publicClient: publicUrl ? createS3Client({ endpoint: publicUrl }) : undefined,
      });
    });
  }
  return store;
}

export function setStore(next: BlobStore | undefined) {
  store = next;
}
