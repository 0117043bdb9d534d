/**
 * The buyer of an e-invoice as the staff and public request forms collect it: the body of
 * `POST /api/einvoice/invoices/{id}/request` (under `buyer`) and of the public request.
 * The checks mirror the API's (LHDN's lengths and formats), so most mistakes are caught
 * before anything is sent; the API still has the last word.
 */

export const ID_TYPES = ["NRIC", "BRN", "PASSPORT", "ARMY"] as const;
export type IdType = (typeof ID_TYPES)[number];

/** LHDN's state codes for a Malaysian address; 17 ("not applicable") is only for consolidated e-invoices. */
export const STATE_CODES = [
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
] as const;

export type BuyerDraft = {
  name: string;
  tin: string;
  id_type: IdType;
  id_value: string;
  email: string;
  phone: string;
  address_line1: string;
  address_line2: string;
  postcode: string;
  city: string;
  state_code: string;
  sst_number: string;
};

export type BuyerField = keyof BuyerDraft;

export type Buyer = {
  name: string;
  tin?: string;
  id_type: IdType;
  id_value: string;
  email?: string;
  phone?: string;
  address_line1: string;
  address_line2?: string;
  postcode?: string;
  city: string;
  state_code: string;
  sst_number?: string;
};

export const emptyBuyer = (name = ""): BuyerDraft => ({
  name,
  tin: "",
  id_type: "NRIC",
  id_value: "",
  email: "",
  phone: "",
  address_line1: "",
  address_line2: "",
  postcode: "",
  city: "",
  state_code: "",
  sst_number: "",
});

/** What is wrong with one field, as a message key under `einvoice_buyer.errors` and its values. */
export type FieldProblem = { key: string; values?: Record<string, number> };

const MAX: Partial<Record<BuyerField, number>> = {
  name: 300,
  email: 320,
  address_line1: 150,
  address_line2: 150,
  city: 50,
  sst_number: 35,
};

const TIN = /^[A-Z]{1,2}\d{8,12}$/;
const ID_VALUE = /^[A-Za-z0-9-]{1,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s()-]{7,20}$/;
const POSTCODE = /^\d{5}$/;

/** The problems of a draft, by field; empty when it can be sent. */
export function checkBuyer(draft: BuyerDraft, fields: readonly BuyerField[]): Map<BuyerField, FieldProblem> {
  const problems = new Map<BuyerField, FieldProblem>();
  const value = (field: BuyerField) => draft[field].trim();
  for (const field of ["name", "id_value", "address_line1", "city", "state_code"] as const)
    if (!value(field)) problems.set(field, { key: "required" });
  for (const [field, max] of Object.entries(MAX) as [BuyerField, number][])
    if (value(field).length > max) problems.set(field, { key: "too_long", values: { max } });

  const tin = value("tin").toUpperCase();
  if (tin && !TIN.test(tin)) problems.set("tin", { key: "tin" });
  const id = value("id_value");
  const digits = id.replace(/-/g, "");
  if (id && draft.id_type === "NRIC" && !/^\d{12}$/.test(digits)) problems.set("id_value", { key: "nric" });
  else if (id && (!ID_VALUE.test(id) || (draft.id_type !== "BRN" && digits.length > 12)))
    problems.set("id_value", { key: "id_value" });
  if (value("email") && !EMAIL.test(value("email"))) problems.set("email", { key: "email" });
  if (value("phone") && !PHONE.test(value("phone"))) problems.set("phone", { key: "phone" });
  if (value("postcode") && !POSTCODE.test(value("postcode"))) problems.set("postcode", { key: "postcode" });
  for (const field of problems.keys()) if (!fields.includes(field)) problems.delete(field);
  return problems;
}

/** The API's body: trimmed, the TIN in capitals, and optional fields left out when empty. */
export function toBuyer(draft: BuyerDraft, fields: readonly BuyerField[]): Buyer {
  const optional = (field: BuyerField) => {
    const value = draft[field].trim();
    return value && fields.includes(field) ? value : undefined;
  };
  return {
    name: draft.name.trim(),
    tin: optional("tin")?.toUpperCase(),
    id_type: draft.id_type,
    id_value: draft.id_value.trim(),
    email: optional("email"),
    phone: optional("phone"),
    address_line1: draft.address_line1.trim(),
    address_line2: optional("address_line2"),
    postcode: optional("postcode"),
    city: draft.city.trim(),
    state_code: draft.state_code,
    sst_number: optional("sst_number"),
  };
}

export const isBuyerField = (path: string): path is BuyerField => Object.hasOwn(emptyBuyer(), path);
