export * as SettingsLogo from "./logo";

import * as z from "zod";
import { Blob } from "../blob/index";
import { VisibleError } from "../error";
import { fn } from "../util/fn";
import { createId } from "../util/id";
import { get, update } from "./index";
import { LOGO_MAX_BYTES, LOGO_TYPES, Update } from "./schema";

// The shop logo lives in storage. Kept apart from settings/index so that functions which only
// read settings do not carry the storage client.

/**
 * A presigned PUT for a new shop logo: the browser uploads straight to storage, then saves
 * the returned key as shop.logo_key. The upload URL lasts five minutes.
 */
export const LogoUpload = z.object({ content_type: z.enum(["image/png", "image/jpeg", "image/webp"]) });
export const logoUpload = fn(LogoUpload, async ({ content_type }) => {
  const key = `settings/logo/${createId()}.${LOGO_TYPES[content_type]}`;
  const url = await Blob.useStore().presignPut(key, { contentType: content_type, expiresIn: 300 });
  return { key, upload_url: url, max_bytes: LOGO_MAX_BYTES };
});

/** A logo key is only saved once its image is really in storage, an image, and small enough. */
export async function checkLogo(key: string) {
  const stored = await Blob.useStore().head(key);
  if (!stored?.contentType?.startsWith("image/"))
    throw new VisibleError("settings.logo_not_uploaded", "The logo was not uploaded; upload it again.");
  if (stored.size > LOGO_MAX_BYTES)
    throw new VisibleError("settings.logo_too_large", `The logo is over ${LOGO_MAX_BYTES / 1024} KB.`);
}

/** A URL the dashboard can show the logo from for an hour, or null when there is none. */
export async function logoUrl(key: string | undefined): Promise<string | null> {
  return key ? Blob.useStore().presignGet(key, { expiresIn: 3600 }) : null;
}

/** Settings.update, after checking that a newly named logo is really in storage. The API saves through this. */
export const save = fn(Update, async (parsed) => {
  const logo = parsed.shop?.logo_key;
  if (logo && logo !== (await get()).shop.logo_key) await checkLogo(logo);
  return update.force(parsed);
});
