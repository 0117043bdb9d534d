import * as z from "zod";
import { Upload } from "../blob/upload";

export const PhotoUpload = Upload.UploadRequest;

/** A presigned PUT for a ticket photo (completion or note) of the stated size, taken on a phone or uploaded. */
export const presignPhoto = (ticketId: string, input: z.input<typeof PhotoUpload>) =>
  Upload.presignForStaff(Upload.slots.ticketPhoto(ticketId), input);

/**
 * Photos (completion or notes) must be this ticket's uploads, really in storage and really
 * images before a ticket refers to them; what fails is deleted. Returns the keys to keep.
 */
export async function checkPhotos(ticketId: string, keys: string[], field: string) {
  const slot = Upload.slots.ticketPhoto(ticketId);
  const kept: string[] = [];
  for (const [index, key] of keys.entries()) kept.push(await Upload.accept(slot, key, `${field}.${index}`));
  return kept;
}

export const PhotoKey = z.string().max(300);
