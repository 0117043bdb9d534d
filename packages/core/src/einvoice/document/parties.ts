import { toE164 } from "../../util/phone";
import { COUNTRIES, GENERAL_TIN, MSIC, STATE_NOT_APPLICABLE, STATES } from "../codes";
import {
  type At,
  attribute,
  type Check,
  child,
  children,
  join,
  type Leaf,
  maxLength,
  notBlank,
  text,
} from "../validation/check";
import type { Party } from "../validation/messages";

// SDK FAQ: individuals are IG…, non-individuals carry one of these prefixes, no zeros right
// after it, and always end in 0; at most 14 characters. General TINs: Specific Guideline App. 1.
const INDIVIDUAL_TIN = /^IG\d{1,12}$/;
const BUSINESS_TIN = /^(C|CS|D|F|FA|PT|TA|TC|TN|TR|TP|J|LE)[1-9]\d*0$/;
const GENERAL_TINS = new Set<string>(Object.values(GENERAL_TIN));
const ID_LIMITS: Record<string, number> = { BRN: 20, NRIC: 12, PASSPORT: 12, ARMY: 12 };
const KNOWN_SCHEMES = new Set(["TIN", "SST", "TTX", ...Object.keys(ID_LIMITS)]);
const NRIC = /^\d{12}$/;
const SST = /^[A-Za-z0-9-]+(;[A-Za-z0-9-]+)?$/;
const TTX = /^[A-Za-z0-9-]{1,17}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NA = "NA";

type Identifier = { scheme: string; value: Leaf<string>; schemePath: string };

function identifiers(party: At | undefined): Identifier[] {
  return children(party, "PartyIdentification").flatMap((entry) => {
    const value = text(entry, "ID");
    const scheme = attribute(entry, "ID", "schemeID");
    return value && scheme ? [{ scheme: scheme.value, value, schemePath: scheme.path }] : [];
  });
}

const tinOf = (party: At | undefined) => identifiers(party).find((id) => id.scheme === "TIN")?.value.value;

/**
 * The consolidated "General Public" party: TIN EI00000000010 without a real MyKad number. The
 * same TIN with a MyKad is an individual who gave only the MyKad (Specific Guideline v4.8
 * §3.5.7, option 2), which is an ordinary e-invoice, not a consolidated one.
 */
export function isGeneralPublic(party: At | undefined): boolean {
  return (
    tinOf(party) === GENERAL_TIN.generalPublic &&
    !identifiers(party).some((id) => id.scheme === "NRIC" && NRIC.test(id.value.value))
  );
}

const validTin = (tin: string) =>
  tin.length <= 14 && (INDIVIDUAL_TIN.test(tin) || BUSINESS_TIN.test(tin) || GENERAL_TINS.has(tin));

export function checkParty(party: At, role: Party, check: Check) {
  const code = <R extends string>(rule: R) => `einvoice.${role}.${rule}` as const;
  const listPath = join(party.path, "PartyIdentification");
  const ids = identifiers(party);
  const tins = ids.filter((id) => id.scheme === "TIN");
  const general = tins.some((tin) => GENERAL_TINS.has(tin.value.value));
  const generalPublic = isGeneralPublic(party);
  const required = role !== "recipient";

  const name = text(child(party, "PartyLegalEntity"), "RegistrationName");
  notBlank(check, name);
  maxLength(check, name, 300);
  // Specific Guideline §3.6.7/§3.7; LHDN answers other names with "Buyer's details cannot be
  // general TIN (010) for issuance of individual e-Invoice" (klsheng/myinvois-php-sdk#39).
  if (role !== "recipient" && generalPublic && name && name.value !== "General Public") {
    check.report("einvoice.consolidated.name", name.path);
  }

  if (tins.length === 0 && required) check.report(code("tin_missing"), listPath);
  if (tins.length > 1) check.report(code("tin_multiple"), listPath);
  for (const tin of tins) if (!validTin(tin.value.value)) check.report(code("tin_format"), tin.value.path);

  const registrations = ids.filter((id) => id.scheme in ID_LIMITS);
  if (registrations.length === 0 && required) check.report(code("id_missing"), listPath);
  if (registrations.length > 1) check.report(code("id_multiple"), listPath);
  for (const id of registrations) {
    const value = id.value.value;
    const max = ID_LIMITS[id.scheme]!;
    if (value === NA) {
      if (!general) check.report(code("id_not_applicable"), id.value.path);
    } else if (id.scheme === "NRIC" ? !NRIC.test(value) : value.trim() === "" || value.length > max) {
      check.report(code("id_format"), id.value.path, { scheme: id.scheme, max });
    }
  }
  for (const id of ids) {
    if (!KNOWN_SCHEMES.has(id.scheme)) check.report(code("id_scheme"), id.schemePath, { value: id.scheme });
    if (
      id.scheme === "SST" &&
      !(id.value.value === NA || (SST.test(id.value.value) && id.value.value.length <= 35))
    ) {
      check.report(code("sst_format"), id.value.path);
    }
    if (id.scheme === "TTX" && !(id.value.value === NA || TTX.test(id.value.value))) {
      check.report(code("ttx_format"), id.value.path);
    }
  }

  if (role === "supplier") checkActivity(party, check);
  checkContact(party, role, generalPublic, check);
  const address = child(party, "PostalAddress");
  if (address) checkAddress(address, role, generalPublic, check);
}

function checkActivity(party: At, check: Check) {
  const msic = text(party, "IndustryClassificationCode");
  if (msic && !(/^\d{5}$/.test(msic.value) && MSIC.has(msic.value)))
    check.report("einvoice.supplier.msic", msic.path);
  const activity = attribute(party, "IndustryClassificationCode", "name");
  notBlank(check, activity);
  maxLength(check, activity, 300);
}

function checkContact(party: At, role: Party, generalPublic: boolean, check: Check) {
  const contact = child(party, "Contact");
  const phone = text(contact, "Telephone");
  notBlank(check, phone);
  // E.164, no separators (so within 20 characters); "NA" only for the consolidated buyer.
  if (phone && phone.value.trim() !== "" && !(phone.value === NA ? generalPublic : E164.test(phone.value))) {
    const fixed = phone.value === NA ? undefined : toE164(phone.value);
    check.report(`einvoice.${role}.phone_format`, phone.path, fixed ? { suggestion: fixed } : {});
  }

  const email = text(contact, "ElectronicMail");
  maxLength(check, email, 320);
  if (email && email.value !== NA && !EMAIL.test(email.value))
    check.report(`einvoice.${role}.email_format`, email.path);
}

function checkAddress(address: At, role: Party, generalPublic: boolean, check: Check) {
  const lines = children(address, "AddressLine").map((line) => text(line, "Line"));
  notBlank(check, lines[0]);
  for (const line of lines) maxLength(check, line, 150);
  // A first line of "NA" stands for the whole address except the state (SDK Address table).
  const unknown = lines[0]?.value === NA;

  const city = text(address, "CityName");
  if (!city && !unknown) check.report("einvoice.field.required", join(address.path, "CityName"));
  if (!unknown) notBlank(check, city);
  maxLength(check, city, 50);

  const countryCode = text(child(address, "Country"), "IdentificationCode");
  if (!child(address, "Country") && !unknown)
    check.report("einvoice.field.required", join(address.path, "Country"));
  if (countryCode && !COUNTRIES.has(countryCode.value))
    check.report(`einvoice.${role}.country`, countryCode.path);
  const foreign = countryCode !== undefined && countryCode.value !== "MYS";

  // Malaysian shipping postcodes are at most 5 characters (SDK 1.0 release note, 3 Jul 2026).
  maxLength(check, text(address, "PostalZone"), role === "recipient" && !foreign ? 5 : 50);

  const state = text(address, "CountrySubentityCode");
  if (!state) return;
  if (foreign) maxLength(check, state, 50);
  else if (!STATES.has(state.value)) check.report(`einvoice.${role}.state`, state.path);
  // Since 30 Apr 2026, 17 only for consolidated e-invoices or addresses outside Malaysia.
  else if (state.value === STATE_NOT_APPLICABLE && !generalPublic) {
    check.report(`einvoice.${role}.state_not_applicable`, state.path);
  }
}
