import classification from "./codes/ClassificationCodes.json";
import countries from "./codes/CountryCodes.json";
import currencies from "./codes/CurrencyCodes.json";
import documentTypes from "./codes/EInvoiceTypes.json";
import msic from "./codes/MSICSubCategoryCodes.json";
import paymentMethods from "./codes/PaymentMethods.json";
import states from "./codes/StateCodes.json";
import taxTypes from "./codes/TaxTypes.json";
import units from "./codes/UnitTypes.json";

export * as Codes from "./codes";

/**
 * LHDN's official MyInvois code tables (sdk.myinvois.hasil.gov.my/codes), kept verbatim in
 * ./codes. Each list maps a code to its official description.
 */
const table = <T extends { Code: string }>(rows: T[], name: (row: T) => string) =>
  new Map(rows.map((row) => [row.Code, name(row)] as const));

export const DOCUMENT_TYPES = table(documentTypes, (r) => r.Description);
export const TAX_TYPES = table(taxTypes, (r) => r.Description);
export const STATES = table(states, (r) => r.State);
export const COUNTRIES = table(countries, (r) => r.Country);
export const CURRENCIES = table(currencies, (r) => r.Currency);
export const CLASSIFICATIONS = table(classification, (r) => r.Description);
export const UNITS = table(units, (r) => r.Name);
export const PAYMENT_METHODS = table(paymentMethods, (r) => r["Payment Method"]);
export const MSIC = table(msic, (r) => r.Description);

/** The general TINs of the Specific Guideline (Appendix 1). */
export const GENERAL_TIN = {
  /** Consolidated buyer ("General Public"), or an individual who gave only an id number. */
  generalPublic: "EI00000000010",
  foreignBuyer: "EI00000000020",
  foreignSupplier: "EI00000000030",
  government: "EI00000000040",
} as const;

/** "Not Applicable" state: only for consolidated e-invoices and addresses outside Malaysia. */
export const STATE_NOT_APPLICABLE = "17";
/** Classification of every line of a consolidated e-invoice. */
export const CLASSIFICATION_CONSOLIDATED = "004";
