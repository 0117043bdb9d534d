import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws, waitFor } from "./harness";

describe("S3 blob store against the local endpoint", () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startLocalAws({ names: [] });
  });
  afterAll(() => aws.stop());

  it("accepts a browser-style PUT to a presigned URL and serves it back through a presigned GET", async () => {
    const key = "photos/intake/board.jpg";
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const put = await aws.blob.presignPut(key, {
      contentType: "image/jpeg",
      contentLength: bytes.byteLength,
      expiresIn: 60,
    });
    const uploaded = await fetch(put, {
      method: "PUT",
      body: bytes,
      headers: { "content-type": "image/jpeg" },
    });
    expect(uploaded.status).toBe(200);

    expect(await aws.blob.head(key)).toMatchObject({ size: bytes.byteLength, contentType: "image/jpeg" });
    const get = await aws.blob.presignGet(key, { expiresIn: 60 });
    const downloaded = await fetch(get);
    expect(downloaded.status).toBe(200);
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(bytes);
  });

  it("refuses a presigned URL after it expires", async () => {
    await aws.blob.put("receipts/r1.txt", "receipt", { contentType: "text/plain" });
    const url = await aws.blob.presignGet("receipts/r1.txt", { expiresIn: 1 });
    await waitFor(async () => (await fetch(url)).status === 403);
  });

  it("stores, reads and removes objects, and reports a missing one as blob.not_found", async () => {
    await aws.blob.put("invoices/inv-1.pdf", "%PDF-1.7", { contentType: "application/pdf" });
    const stored = await aws.blob.get("invoices/inv-1.pdf");
    expect(new TextDecoder().decode(stored.body)).toBe("%PDF-1.7");
    expect(stored.contentType).toBe("application/pdf");
    await aws.blob.remove("invoices/inv-1.pdf");
    expect(await aws.blob.head("invoices/inv-1.pdf")).toBeUndefined();
    await expect(aws.blob.get("invoices/inv-1.pdf")).rejects.toMatchObject({ code: "blob.not_found" });
  });

  it("passes the health check for a bucket that exists and fails it for one that does not", async () => {
    await expect(aws.blob.check()).resolves.toBeUndefined();
    const { createS3BlobStore } = await import("@wapos/core/blob/s3");
    const missing = createS3BlobStore({ bucket: "no-such-bucket", client: aws.s3Client });
    await expect(missing.check()).rejects.toBeDefined();
  });
});
