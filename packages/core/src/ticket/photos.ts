import * as z from "zod";
import { useActor } from "../actor";
import { Upload } from "../blob/upload";
import { VisibleError } from "../error";
import { RateLimit } from "../ratelimit/index";

/** Upload URLs one staff member may ask for per hour: a busy day of photos, not a script. */
export const UPLOADS_PER_USER_PER_HOUR = 200;

export const PhotoUpload = Upload.UploadRequest;

/** A presigned PUT for a ticket photo (completion or note) of the stated size, taken on a phone or uploaded. */
export async function presignPhoto(ticketId: string, input: z.input<typeof PhotoUpload>) {
  const actor = useActor();
  const who = actor.type === "user" ? actor.properties.userId : actor.type;
  const verdict = await RateLimit.hit(`upload:user:${who}`, UPLOADS_PER_USER_PER_HOUR, 3600);
  if (!verdict.allowed)
    throw new VisibleError("upload.rate_limited", "Too many photo uploads; wait a while.", {
      retry_after: verdict.retryAfterSeconds,
    });
  return Upload.presignPut(Upload.slots.ticketPhoto(ticketId), input);
}

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
