import { eq } from "drizzle-orm";
import * as z from "zod";
import { Audit } from "../audit/index";
import { Blob } from "../blob/index";
import { Upload } from "../blob/upload";
import { allows } from "../consent/rule";
import { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { afterCommit, createTransaction } from "../db/transaction";
import { Link } from "../link/index";
import { log } from "../log";
import { Message } from "../message/index";
import { RateLimit } from "../ratelimit/index";
import { Settings } from "../settings/index";
import { Template } from "../template/index";
import { addEvent, label, sealPasscode } from "../ticket/base";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { type Issue, inputError } from "../util/issues";
import { differences } from "./changes";
import { byVersion, current, MAX_PHOTOS, rendered } from "./form";
import { intakeFormTable } from "./intake.sql";
import { enforce, mayMessage } from "./limits";
import * as FormSession from "./session";

export {
  Decision as CustomerChangesDecision,
  decide as decideCustomerChanges,
  pendingFor as customerChangesFor,
} from "./changes";
export { current as currentForm, Definition, publish as publishForm } from "./form";
export * as Intake from "./index";
export { LIMITS } from "./limits";

export const PHOTO_MAX_BYTES = Upload.PHOTO_MAX_BYTES;

/**
 * The form as a customer gets it: the current version with the shop's name filled into the
 * consent and terms texts, a signed session for this filling (photos, evidence), and a form
 * to post one photo straight to storage without JavaScript, which sends the browser back to
 * the intake page with the photos so far. `uploadSession` and `photos` continue a filling
 * (the page came back from storage with a photo); photos not of this filling are left out.
 */
export async function open(meta: Meta, continued: { uploadSession?: string; photos?: string[] } = {}) {
  await enforce(
    "uploadsPerAddress",
    RateLimit.addressKey(meta.ip),
    "upload.rate_limited",
    "Too many forms from this address.",
  );
  const form = await current();
  const reused = continued.uploadSession
    ? await FormSession.read(continued.uploadSession).catch(() => undefined)
    : undefined;
  const { token, session } = reused
    ? { token: continued.uploadSession!, session: reused }
    : await FormSession.open((await Settings.section("shop")).name);
  if (reused) await enforce("uploadsPerForm", reused.nonce, "upload.rate_limited", "Too many photo uploads.");
  const slot = Upload.slots.intakePhoto(session.nonce);
  const photos: { key: string; url: string }[] = [];
  for (const key of (reused ? (continued.photos ?? []) : []).slice(0, MAX_PHOTOS))
    if (Upload.inFolder(key, slot.folder) && (await Blob.useStore().head(key)))
      photos.push({ key, url: await Upload.viewUrl(key) });
  const back = new URL(`${Link.publicBaseUrl()}/intake`);
  back.searchParams.set("s", token);
  for (const photo of photos) back.searchParams.append("p", photo.key);
  return {
    form: { version: form.version, definition: rendered(form.definition, session.shopName) },
    upload_session: token,
    photos,
    photo_post: photos.length < MAX_PHOTOS ? await Upload.presignPost(slot, back.href) : null,
  };
}

async function limitUploads(nonce: string, meta: Meta) {
  const message = "Too many photo uploads; wait a while and try again.";
  await enforce("uploadsPerForm", nonce, "upload.rate_limited", message);
  await enforce("uploadsPerAddress", RateLimit.addressKey(meta.ip), "upload.rate_limited", message);
}

export const PhotoUpload = Upload.UploadRequest.extend({ upload_session: z.string().min(1).max(2000) });

/** A presigned PUT for one intake photo of the stated size, under this form's folder. */
export async function presignPhoto(input: z.input<typeof PhotoUpload>, meta: Meta = {}) {
  const { upload_session, ...file } = PhotoUpload.parse(input);
  const session = await FormSession.read(upload_session);
  await limitUploads(session.nonce, meta);
  return Upload.presignPut(Upload.slots.intakePhoto(session.nonce), file);
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const Submission = z.object({
  form_version: z.coerce.number().int().min(1),
  language: z.enum(["en", "ms"]).default("en"),
  name: z.string().trim().min(1, "Enter your name").max(120),
  phone: z.string().trim().min(1, "Enter your phone number").max(40),
  email: optional(254).pipe(z.email().optional()),
  address: optional(500),
  device: Customer.DeviceInput.extend({
    serial: optional(80),
    imei: optional(15).pipe(
      z
        .string()
        .regex(/^\d{15}$/, "An IMEI has 15 digits")
        .optional(),
    ),
  }),
  problem: z.string().trim().min(3, "Tell us what is wrong").max(2000),
  accessories: optional(500),
  condition: optional(500),
  passcode: optional(100),
  custom: z.record(z.string().max(40), z.union([z.string().max(1000), z.boolean()])).default({}),
  photo_keys: z.array(z.string().max(300)).max(MAX_PHOTOS).default([]),
  /** The session GET /intake gave: which photos are this form's, and the texts it showed. */
  upload_session: z.string().min(1, "Reload the form").max(2000),
  terms_accepted: z.literal(true, "Accept the terms to continue"),
  whatsapp_opt_in: z.boolean().default(false),
  /** Honeypot: hidden from people; a bot fills it. */
  website: z.string().max(0, "Leave this empty").optional(),
});
export type Submission = z.infer<typeof Submission>;

export type Meta = { ip?: string; userAgent?: string };

const issue = (path: (string | number)[], message: string): Issue => ({ path, message });

/**
 * A customer's repair request, all in one transaction: the customer found by phone (a new
 * one made; one on file never rewritten, the differences kept for staff), the device matched
 * by serial/IMEI or made, consents kept with the text that was shown, the form answers kept
 * as given, the ticket opened (NEW) with its CREATED event, and — for a customer who opted in
 * and within the public-message limits — the WhatsApp acknowledgement in the message ledger.
 * Bad input is a 400 naming the field, and nothing is written. Photos are checked (and bad
 * ones deleted) only once the answers are valid.
 */
export async function submit(input: unknown, meta: Meta = {}) {
  const parsed = Submission.parse(input);
  const session = await FormSession.read(parsed.upload_session);
  const phone = Customer.Identity.shape.phone.safeParse(parsed.phone);
  const address = RateLimit.addressKey(meta.ip);
  await enforce(
    "submissionsPerAddress",
    address,
    "auth.rate_limited",
    "Too many repair requests from this address.",
  );
  if (phone.success)
    await enforce(
      "submissionsPerAddressAndPhone",
      `${address}:${phone.data}`,
      "auth.rate_limited",
      "Too many repair requests for this phone number.",
    );

  const form = (await byVersion(parsed.form_version)) ?? (await current());
  const { optional_fields: optionalFields, custom_fields: customFields } = form.definition;
  const issues: Issue[] = [];
  if (!phone.success) issues.push(issue(["phone"], "Not a valid phone number"));
  for (const field of ["email", "address", "accessories", "condition", "passcode"] as const)
    if (optionalFields[field].enabled && optionalFields[field].required && !parsed[field])
      issues.push(issue([field], "Required"));
  for (const field of ["serial", "imei"] as const)
    if (optionalFields[field].enabled && optionalFields[field].required && !parsed.device[field])
      issues.push(issue(["device", field], "Required"));
  if (optionalFields.photos.enabled && optionalFields.photos.required && !parsed.photo_keys.length)
    issues.push(issue(["photo_keys"], "Add at least one photo"));
  for (const field of customFields)
    if (
      field.required &&
      (parsed.custom[field.key] === undefined ||
        parsed.custom[field.key] === "" ||
        parsed.custom[field.key] === false)
    )
      issues.push(issue(["custom", field.key], "Required"));
  if (issues.length) throw inputError(issues);

  const slot = Upload.slots.intakePhoto(session.nonce);
  const photoKeys: string[] = [];
  for (const [index, key] of parsed.photo_keys.entries())
    photoKeys.push(await Upload.accept(slot, key, `photo_keys.${index}`));

  const texts = rendered(form.definition, session.shopName);
  const shown = { consent: texts.consent_text[parsed.language], terms: texts.terms_text[parsed.language] };
  const now = useClock().now();
  const source = `intake_form:v${form.version}`;
  type Created = { ticket_number: string; status_url: string; status_token: string };
  let created: Created | undefined;
  try {
    return await createTransaction(async (tx) => {
      const { customer, changes } = await customerFor(phone.data!, parsed);
      const device = await Customer.matchOrCreateDevice(customer.id, parsed.device);
      const evidence = { ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300), form_version: form.version };
      await Customer.recordConsent({
        customerId: customer.id,
        kind: "terms",
        granted: true,
        source,
        textShown: shown.terms,
        evidence,
      });
      if (parsed.whatsapp_opt_in && !changes.whatsapp)
        await Customer.recordConsent({
          customerId: customer.id,
          kind: "whatsapp",
          granted: true,
          source,
          textShown: shown.consent,
          evidence,
        });
      const [intake] = await tx
        .insert(intakeFormTable)
        .values({
          form_version: form.version,
          customer_id: customer.id,
          device_id: device.id,
          customer_snapshot: {
            name: parsed.name,
            phone: customer.phone,
            email: parsed.email ?? null,
            address: parsed.address ?? null,
          },
          device_snapshot: { ...parsed.device },
          answers: {
            problem: parsed.problem,
            accessories: parsed.accessories ?? null,
            condition: parsed.condition ?? null,
            has_passcode: Boolean(parsed.passcode),
            custom: parsed.custom,
            whatsapp_opt_in: parsed.whatsapp_opt_in,
            language: parsed.language,
            consent_text_shown: shown.consent,
          },
          photo_keys: photoKeys,
          customer_changes: changes,
          terms_accepted_at: now,
          source_ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300),
        })
        .returning();
      const [ticket] = await tx
        .insert(workTicketTable)
        .values({
          customer_id: customer.id,
          device_id: device.id,
          intake_form_id: intake!.id,
          problem: parsed.problem,
          device_passcode: parsed.passcode ? sealPasscode(parsed.passcode) : null,
        })
        .returning();
      await addEvent(ticket!.id, "CREATED", { photoKeys, data: { source } });
      const token = await Link.signTicket(ticket!.id);
      // Re-read: the consent just recorded may have changed whatsapp_consent.
      const [fresh] = await tx.select().from(customerTable).where(eq(customerTable.id, customer.id));
      const result = {
        ticket_number: label(ticket!.number),
        status_url: Link.statusUrl(token),
        status_token: token,
      };
      // Runs first after commit, before the message's queue send.
      await afterCommit(() => {
        created = result;
      });
      await acknowledge({ ...fresh!, ticketId: ticket!.id, number: ticket!.number, device, token }, address);
      return result;
    });
  } catch (error) {
    // The ticket committed and only the queue send after it failed: the ledger says so and
    // the customer still gets their ticket number.
    if (!created) throw error;
    log.error("intake acknowledgement not queued", error);
    return created;
  }
}

/** The customer with this phone: made when new; one on file is kept as it is, with what differs. */
async function customerFor(phone: string, typed: Submission) {
  const [existing] = await createTransaction((tx) =>
    tx.select().from(customerTable).where(eq(customerTable.phone, phone)).for("update"),
  );
  const identity = { name: typed.name, email: typed.email, address: typed.address, language: typed.language };
  if (!existing) return { customer: await Customer.upsertByPhone.force({ phone, ...identity }), changes: {} };
  const changes = differences(existing, { ...identity, whatsappOptIn: typed.whatsapp_opt_in });
  if (existing.deleted_at) {
    await createTransaction((tx) =>
      tx.update(customerTable).set({ deleted_at: null }).where(eq(customerTable.id, existing.id)),
    );
    await Audit.record({ entity: "customer", entity_id: existing.id, action: "restore" });
  }
  return { customer: existing, changes };
}

/**
 * The acknowledgement, in the ticket's transaction (the ledger row commits with the ticket).
 * Only to a customer who opted in, shop-worded (what the public typed is sanitised by
 * Template.render), and within the public-message limits; a message not sent is audited.
 */
async function acknowledge(
  customer: typeof customerTable.$inferSelect & {
    ticketId: string;
    number: number;
    device: { brand: string; model: string };
    token: string;
  },
  address: string,
) {
  if (!allows(customer.whatsapp_consent, "ticket_notice")) return;
  const allowed = await mayMessage(customer.phone, address);
  if (allowed !== "ok") {
    await Audit.record({
      entity: "ticket",
      entity_id: customer.ticketId,
      action: "acknowledgement_not_sent",
      diff: { reason: { from: null, to: `public_message_limit:${allowed}` } },
    });
    return;
  }
  const text = await Template.render("ack", customer.language, {
    customer_name: customer.name,
    ticket_number: label(customer.number),
    device: `${customer.device.brand} ${customer.device.model}`,
    status_link: Link.statusUrl(customer.token),
  });
  await Message.send({
    to: customer.phone,
    text,
    lane: "tx",
    author: "system",
    purpose: "ticket_notice",
    ticket_id: customer.ticketId,
  });
}
