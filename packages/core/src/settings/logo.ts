export * as SettingsLogo from "./logo";

import { Upload } from "../blob/upload";
import { VisibleError } from "../error";
import { fn } from "../util/fn";
import { get, update } from "./index";
import { Update } from "./schema";

// The shop logo lives in storage. Kept apart from settings/index so that functions which only
// read settings do not carry the storage client.

/**
 * A presigned PUT for a new shop logo of the stated size: the browser uploads straight to
 * storage, then saves the returned key as shop.logo_key. The upload URL lasts five minutes.
 */
export const LogoUpload = Upload.UploadRequest;
export const logoUpload = fn(LogoUpload, (input) => Upload.presignPut(Upload.slots.logo(), input));

/** A logo key is only saved once it is really in storage: an image by its bytes, small enough. */
export async function checkLogo(key: string) {
  try {
    return await Upload.accept(Upload.slots.logo(), key, "shop.logo_key");
  } catch (error) {
    if (!(error instanceof VisibleError)) throw error;
    if (error.code === "photo.not_uploaded")
      throw new VisibleError("settings.logo_not_uploaded", "The logo was not uploaded; upload it again.");
    if (error.code === "upload.too_large")
      throw new VisibleError("settings.logo_too_large", "The logo is over 512 KB.");
    throw error;
  }
}

/** A URL the dashboard can show the logo from for an hour, or null when there is none. */
export async function logoUrl(key: string | undefined): Promise<string | null> {
  return key ? Upload.viewUrl(key) : null;
}

/** Settings.update, after checking that a newly named logo is really in storage. The API saves through this. */
export const save = fn(Update, async (parsed) => {
  const logo = parsed.shop?.logo_key;
  if (logo && logo !== (await get()).shop.logo_key) await checkLogo(logo);
  return update.force(parsed);
});
