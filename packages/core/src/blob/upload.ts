import * as z from "zod";
import { useActor } from "../actor";
import { VisibleError } from "../error";
import { log } from "../log";
import { RateLimit } from "../ratelimit/index";
import { createId } from "../util/id";
import { useStore } from "./index";

export * as Upload from "./upload";

/**
 * Uploads from browsers, all through here: intake photos (the public form), ticket photos
 * (staff) and the shop logo. Storage is told the size and type it must accept (a signed
 * content length and type for PUT, a policy for POST), but the local s3rver enforces
 * neither, and nothing a browser sends is trusted anyway: before a key is accepted into a
 * ticket or the settings it is checked here (size, type, and the file's first bytes), and
 * what fails is deleted.
 */

export const IMAGE_TYPES = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const ImageType = z.enum(Object.keys(IMAGE_TYPES) as [ImageType, ...ImageType[]]);

export type Slot = { folder: string; maxBytes: number; expiresIn: number };

/** An intake or ticket photo: a phone photo is 2–6 MB. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

export const slots = {
  intakePhoto: (nonce: string): Slot => ({
    folder: `intake/${nonce}`,
    maxBytes: PHOTO_MAX_BYTES,
    expiresIn: 900,
  }),
  ticketPhoto: (ticketId: string): Slot => ({
    folder: `tickets/${ticketId}`,
    maxBytes: PHOTO_MAX_BYTES,
    expiresIn: 900,
  }),
  /** A product's photos, for the catalogue and the counter's tiles. */
  productImage: (productId: string): Slot => ({
    folder: `products/${productId}`,
    maxBytes: PHOTO_MAX_BYTES,
    expiresIn: 900,
  }),
  /** A photo staff send in a WhatsApp chat from the inbox. */
  inboxPhoto: (threadId: string): Slot => ({
    folder: `inbox/${threadId}`,
    maxBytes: PHOTO_MAX_BYTES,
    expiresIn: 900,
  }),
  /** A campaign variant's picture, sent with its text as the caption. */
  campaignImage: (): Slot => ({
    folder: "campaigns/images",
    maxBytes: PHOTO_MAX_BYTES,
    expiresIn: 900,
  }),
  /** A logo prints on receipts and invoices; 512 KB is plenty and keeps PDFs small. */
  logo: (): Slot => ({ folder: "settings/logo", maxBytes: 512 * 1024, expiresIn: 300 }),
};

/** One key segment as we make them; anything else (`..`, `%2e`, `\`, empty) is refused. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.(jpg|png|webp))?$/;

/**
 * Whether `key` is a file directly in `folder` and spelled the way we make keys: no `../`,
 * no percent-encoding, no backslash, no nested folder. Checked on the raw text, never after
 * decoding, so an encoded climb cannot slip past.
 */
export function inFolder(key: string, folder: string): boolean {
  if (!key.startsWith(`${folder}/`)) return false;
  const rest = key.slice(folder.length + 1);
  return SEGMENT.test(rest) && folder.split("/").every((segment) => SEGMENT.test(segment));
}

export const UploadRequest = z.object({
  content_type: ImageType,
  size: z
    .number()
    .int()
    .min(1)
    .describe("The file's size in bytes; the upload URL accepts exactly this many"),
});

/** A presigned PUT for one file of `size` bytes in `slot`, refused up front when over the slot's limit. */
export async function presignPut(slot: Slot, input: z.input<typeof UploadRequest>) {
  const { content_type, size } = UploadRequest.parse(input);
  if (size > slot.maxBytes) throw tooLarge(slot, "size");
  const key = `${slot.folder}/${createId()}.${IMAGE_TYPES[content_type]}`;
  const upload_url = await useStore().presignPut(key, {
    contentType: content_type,
    contentLength: size,
    expiresIn: slot.expiresIn,
  });
  return { key, upload_url, max_bytes: slot.maxBytes, headers: { "content-type": content_type } };
}

/** Upload URLs one staff member may ask for per hour: a busy day of photos, not a script. */
export const UPLOADS_PER_USER_PER_HOUR = 200;

/** A presigned PUT (see presignPut) for a staff member's photo, counted against their hourly allowance. */
export async function presignForStaff(slot: Slot, input: z.input<typeof UploadRequest>) {
  const actor = useActor();
  const who = actor.type === "user" ? actor.properties.userId : actor.type;
  const verdict = await RateLimit.hit(`upload:user:${who}`, UPLOADS_PER_USER_PER_HOUR, 3600);
  if (!verdict.allowed)
    throw new VisibleError("upload.rate_limited", "Too many photo uploads; wait a while.", {
      retry_after: verdict.retryAfterSeconds,
    });
  return presignPut(slot, input);
}

/**
 * A form for a browser without JavaScript: one photo posted straight to storage, which then
 * sends the browser to `redirect`. The browser cannot say what type the photo is, so the
 * form declares JPEG (what phone cameras make) and {@link accept} corrects it from the bytes.
 */
export async function presignPost(slot: Slot, redirect: string) {
  const key = `${slot.folder}/${createId()}.jpg`;
  return useStore().presignPost(key, {
    contentType: "image/jpeg",
    maxBytes: slot.maxBytes,
    expiresIn: slot.expiresIn,
    redirect,
  });
}

const MAGIC: [ImageType, (b: Uint8Array) => boolean][] = [
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/png", (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte)],
  ["image/webp", (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP"],
];
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.slice(from, to));

/** What an image's first bytes say it is, whatever it was called. */
export function sniff(bytes: Uint8Array): ImageType | undefined {
  return MAGIC.find(([, matches]) => matches(bytes))?.[0];
}

const typeOfKey = (key: string): ImageType | undefined =>
  (Object.entries(IMAGE_TYPES) as [ImageType, string][]).find(([, ext]) => key.endsWith(`.${ext}`))?.[0];

function tooLarge(slot: Slot, path: string) {
  return new VisibleError(
    "upload.too_large",
    `${path}: the file is over ${Math.round(slot.maxBytes / 1024 / 1024) || `${slot.maxBytes / 1024} K`}${slot.maxBytes >= 1048576 ? " MB" : "B"}.`,
    { path, max_bytes: slot.maxBytes },
  );
}

/**
 * Checks an uploaded file before anything refers to it: a key of ours in the slot's folder,
 * present, within the size, a JPEG, PNG or WebP by its own bytes, and stored as that type.
 * A photo posted without JavaScript (declared JPEG) that is really a PNG or WebP is copied to
 * a key and type that say so. Whatever fails is deleted, and the refusal names `path`.
 * Returns the key to keep.
 */
export async function accept(slot: Slot, key: string, path: string): Promise<string> {
  if (!inFolder(key, slot.folder))
    throw new VisibleError("upload.invalid_key", `${path}: that file was not uploaded here.`, { path });
  const store = useStore();
  const stored = await store.head(key);
  if (!stored) throw new VisibleError("photo.not_uploaded", `${path}: that file was not uploaded.`, { path });
  const refuse = async (error: VisibleError) => {
    await store.remove(key).catch((cause: unknown) => log.error("refused upload not deleted", cause));
    throw error;
  };
  if (stored.size > slot.maxBytes) return refuse(tooLarge(slot, path));
  const declared = typeOfKey(key);
  const actual = sniff(await store.peek(key, 12));
  if (!actual || !declared)
    return refuse(
      new VisibleError("upload.wrong_type", `${path}: only JPEG, PNG or WebP photos are accepted.`, { path }),
    );
  if (actual === declared && stored.contentType === declared) return key;
  // Only a JPEG-declared upload may turn out to be another image (the no-JavaScript form);
  // any other mismatch is a client that lied about what it sent.
  if (declared !== "image/jpeg" || stored.contentType !== "image/jpeg")
    return refuse(
      new VisibleError("upload.wrong_type", `${path}: the file is not the type it was uploaded as.`, {
        path,
      }),
    );
  const retyped = key.replace(/\.jpg$/, `.${IMAGE_TYPES[actual]}`);
  await store.copy(key, retyped, { contentType: actual, contentDisposition: "inline" });
  await store.remove(key);
  return retyped;
}

/**
 * A URL to show a stored photo for an hour. Storage is told to answer with the image type the
 * key names and `inline`; any other key is served as a download, so nothing stored can ever
 * render as a page (an HTML or SVG upload from before these checks included).
 */
export function viewUrl(key: string, expiresIn = 3600): Promise<string> {
  const type = typeOfKey(key);
  return useStore().presignGet(key, {
    expiresIn,
    contentType: type ?? "application/octet-stream",
    contentDisposition: type ? "inline" : "attachment",
  });
}
