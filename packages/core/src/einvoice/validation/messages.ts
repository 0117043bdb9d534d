import { type Phrase, type Place, place } from "./labels";

/**
 * Every issue code the validator can raise, with its severity and its message for the shop
 * owner in English and Bahasa Melayu. Callers match on the code; the text may change.
 */
export type Severity = "error" | "warning";
export type Params = {
  value?: string;
  expected?: string;
  found?: string;
  max?: number;
  scheme?: string;
  suggestion?: string;
};
type Context = Place & Params;
type Entry = { severity: Severity; en: (c: Context) => string; ms: (c: Context) => string };

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const W = (c: Context) => cap(c.what.en);
const Wm = (c: Context) => cap(c.what.ms);
const someone: Phrase = { en: "the party", ms: "pihak" };
const who = (c: Context) => c.who ?? someone;
const Who = (c: Context) => cap(who(c).en);
const error = (en: Entry["en"], ms: Entry["ms"]): Entry => ({ severity: "error", en, ms });
const warning = (en: Entry["en"], ms: Entry["ms"]): Entry => ({ severity: "warning", en, ms });
const total = (en: string, ms: string) =>
  error(
    (c) => `${W(c)} should be ${c.expected} (${en}), not ${c.found}.`,
    (c) => `${Wm(c)} sepatutnya ${c.expected} (${ms}), bukan ${c.found}.`,
  );

const DOCUMENT_MESSAGES = {
  "einvoice.field.required": error(
    (c) => `${W(c)} is required.`,
    (c) => `${Wm(c)} wajib diisi.`,
  ),
  "einvoice.field.too_long": error(
    (c) => `${W(c)} is too long: at most ${c.max} characters.`,
    (c) => `${Wm(c)} terlalu panjang: maksimum ${c.max} aksara.`,
  ),
  "einvoice.structure.invalid": error(
    (c) => `${W(c)} is not in the form MyInvois expects. This is a fault in the app: please report it.`,
    (c) => `${Wm(c)} tidak dalam bentuk yang diterima MyInvois. Ini masalah aplikasi: sila laporkannya.`,
  ),
  "einvoice.structure.order": warning(
    () => `Parts of the e-invoice are out of the usual order, which MyInvois may reject. Please report this.`,
    () =>
      `Susunan bahagian e-Invois tidak seperti biasa dan mungkin ditolak MyInvois. Sila laporkan perkara ini.`,
  ),
  "einvoice.document.type": error(
    (c) =>
      `"${c.value}" is not an e-invoice type: use 01 invoice, 02 credit note, 03 debit note, 04 refund note, or 11–14 for self-billed.`,
    (c) =>
      `"${c.value}" bukan jenis e-Invois: gunakan 01 invois, 02 nota kredit, 03 nota debit, 04 nota bayaran balik, atau 11–14 bagi bil kendiri.`,
  ),
  "einvoice.document.version": error(
    (c) => `Version "${c.value}" is not accepted: use 1.0, or 1.1 for a signed e-invoice.`,
    (c) => `Versi "${c.value}" tidak diterima: gunakan 1.0, atau 1.1 bagi e-Invois bertandatangan.`,
  ),
  "einvoice.document.svdp": warning(
    () =>
      `Versions 1.2 and 1.3 are only for the Special Voluntary Disclosure Programme (until 31 December 2027). Use 1.0 or 1.1 for ordinary sales.`,
    () =>
      `Versi 1.2 dan 1.3 hanya untuk Program Pendedahan Sukarela Khas (sehingga 31 Disember 2027). Gunakan 1.0 atau 1.1 bagi jualan biasa.`,
  ),
  "einvoice.document.too_large": error(
    (c) =>
      `The e-invoice is too large for MyInvois (${c.found} KB, limit ${c.max} KB). Split it into smaller ones.`,
    (c) =>
      `E-Invois ini terlalu besar untuk MyInvois (${c.found} KB, had ${c.max} KB). Pecahkan kepada beberapa e-Invois yang lebih kecil.`,
  ),
  "einvoice.document.currency": error(
    (c) => `"${c.value}" is not a currency code MyInvois accepts; use a code such as MYR or USD.`,
    (c) => `"${c.value}" bukan kod mata wang yang diterima MyInvois; gunakan kod seperti MYR atau USD.`,
  ),
  "einvoice.amount.currency": error(
    (c) => `${W(c)} is in ${c.found}, but the e-invoice is in ${c.expected}.`,
    (c) => `${Wm(c)} dalam ${c.found}, sedangkan e-Invois dalam ${c.expected}.`,
  ),
  "einvoice.amount.exponent": error(
    (c) => `${W(c)} would be sent as ${c.value}, which MyInvois rejects. Round it to the sen.`,
    (c) => `${Wm(c)} akan dihantar sebagai ${c.value}, yang ditolak MyInvois. Bundarkan kepada sen.`,
  ),
  "einvoice.amount.precision": error(
    (c) => `${W(c)} has a fraction of a sen (${c.value}). Round it to two decimal places.`,
    (c) => `${Wm(c)} mengandungi pecahan sen (${c.value}). Bundarkan kepada dua tempat perpuluhan.`,
  ),
  "einvoice.currency.exchange_rate_missing": error(
    (c) => `The e-invoice is in ${c.value}, so it needs the exchange rate to MYR.`,
    (c) => `E-Invois ini dalam ${c.value}, jadi kadar pertukaran kepada MYR perlu dinyatakan.`,
  ),
  "einvoice.currency.exchange_rate_invalid": error(
    (c) => `The exchange rate must convert ${c.value} to MYR and be more than zero.`,
    (c) => `Kadar pertukaran mesti menukar ${c.value} kepada MYR dan melebihi sifar.`,
  ),
  "einvoice.date.format": error(
    (c) => `${W(c)} must be a real date written as YYYY-MM-DD, e.g. 2026-08-01.`,
    (c) => `${Wm(c)} mesti ditulis sebagai tarikh yang sah dalam bentuk YYYY-MM-DD, contohnya 2026-08-01.`,
  ),
  "einvoice.time.format": error(
    (c) => `${W(c)} must be a UTC time written as HH:MM:SSZ, e.g. 02:15:00Z.`,
    (c) => `${Wm(c)} mesti ditulis sebagai masa UTC dalam bentuk HH:MM:SSZ, contohnya 02:15:00Z.`,
  ),
  "einvoice.issued.future": error(
    () =>
      `The issue date and time are in the future. Check the device clock, then create the e-invoice again.`,
    () =>
      `Tarikh dan masa e-Invois ini dikeluarkan adalah pada masa hadapan. Semak jam peranti, kemudian jana semula e-Invois.`,
  ),
  "einvoice.issued.too_old": error(
    (c) =>
      `The e-invoice was issued more than ${c.max} hours ago, so MyInvois will refuse it. Create it again with the current date and time.`,
    (c) =>
      `E-Invois ini dikeluarkan lebih daripada ${c.max} jam yang lalu, jadi MyInvois akan menolaknya. Jana semula dengan tarikh dan masa semasa.`,
  ),
  "einvoice.reference.missing": error(
    () =>
      `A credit, debit or refund note must name the e-invoice it corrects: its number and MyInvois UUID ("NA" if it was never sent to MyInvois).`,
    () =>
      `Nota kredit, nota debit atau nota bayaran balik mesti menyatakan e-Invois yang diperbetulkan: nombornya dan UUID MyInvois ("NA" jika e-Invois itu tidak pernah dihantar ke MyInvois).`,
  ),
  "einvoice.payment.means": error(
    (c) => `"${c.value}" is not a MyInvois payment method: use 01 (cash) to 08 (others).`,
    (c) => `"${c.value}" bukan kaedah pembayaran MyInvois: gunakan 01 (tunai) hingga 08 (lain-lain).`,
  ),
  "einvoice.signature.missing": error(
    () => `A version 1.1 e-invoice must be digitally signed before it is sent.`,
    () => `E-Invois versi 1.1 mesti ditandatangani secara digital sebelum dihantar.`,
  ),
  "einvoice.signature.unexpected": error(
    () =>
      `This e-invoice is already signed, and signing it again would break the signature. Create it again.`,
    () =>
      `E-Invois ini sudah ditandatangani, dan menandatanganinya semula akan merosakkan tandatangan. Jana semula e-Invois.`,
  ),
  "einvoice.supplier.msic": error(
    () => `The supplier's MSIC code must be one of LHDN's 5-digit codes, e.g. 95122 for phone repair.`,
    () =>
      `Kod MSIC pembekal mesti salah satu kod 5 digit LHDN, contohnya 95122 bagi pembaikan telefon bimbit.`,
  ),
  "einvoice.consolidated.name": error(
    (c) => `A consolidated e-invoice (TIN EI00000000010) must name ${who(c).en} exactly "General Public".`,
    (c) =>
      `E-Invois disatukan (TIN EI00000000010) mesti menamakan ${who(c).ms} tepat sebagai "General Public".`,
  ),
  "einvoice.consolidated.classification": error(
    () => `Every line of a consolidated e-invoice must have classification 004.`,
    () => `Setiap baris e-Invois disatukan mesti menggunakan klasifikasi 004.`,
  ),
  "einvoice.line.consolidated_only": error(
    () =>
      `Classification 004 is only for a consolidated e-invoice to "General Public"; choose another, e.g. 030 for repair and maintenance.`,
    () =>
      `Klasifikasi 004 hanya untuk e-Invois disatukan kepada "General Public"; pilih yang lain, contohnya 030 bagi pembaikan dan penyelenggaraan.`,
  ),
  "einvoice.line.classification": error(
    (c) =>
      `"${c.value}" is not a MyInvois classification code; use e.g. 030 for repair and maintenance or 022 for other goods.`,
    (c) =>
      `"${c.value}" bukan kod klasifikasi MyInvois; gunakan contohnya 030 bagi pembaikan dan penyelenggaraan atau 022 bagi lain-lain.`,
  ),
  "einvoice.line.classification_missing": error(
    () => `A classification code is required, e.g. 030 for repair and maintenance.`,
    () => `Kod klasifikasi wajib diisi, contohnya 030 bagi pembaikan dan penyelenggaraan.`,
  ),
  "einvoice.line.unit": error(
    (c) => `"${c.value}" is not a unit MyInvois knows; use e.g. C62 (one), H87 (piece) or HUR (hour).`,
    (c) =>
      `"${c.value}" bukan unit yang dikenali MyInvois; gunakan contohnya C62 (satu), H87 (keping) atau HUR (jam).`,
  ),
  "einvoice.line.origin_country": error(
    (c) => `"${c.value}" is not a country code; use a three-letter code such as MYS or CHN.`,
    (c) => `"${c.value}" bukan kod negara; gunakan kod tiga huruf seperti MYS atau CHN.`,
  ),
  "einvoice.line.subtotal": total("unit price × quantity", "harga seunit × kuantiti"),
  "einvoice.line.net_amount": total("subtotal − discounts + charges", "subjumlah − diskaun + caj"),
  "einvoice.line.tax_total": total("the sum of the line's taxes", "jumlah semua cukai baris ini"),
  "einvoice.tax.type": error(
    (c) => `"${c.value}" is not a MyInvois tax type: use 01–05, 06 (not applicable) or E (exempt).`,
    (c) =>
      `"${c.value}" bukan jenis cukai MyInvois: gunakan 01–05, 06 (tidak berkenaan) atau E (dikecualikan).`,
  ),
  "einvoice.tax.scheme": error(
    () =>
      `The tax scheme must be "OTH" (UN/ECE 5153, agency 6). This is a fault in the app: please report it.`,
    () => `Skim cukai mestilah "OTH" (UN/ECE 5153, agensi 6). Ini masalah aplikasi: sila laporkannya.`,
  ),
  "einvoice.tax.exemption_reason": error(
    () =>
      `Tax type E (exempt) needs the reason for the exemption, e.g. the buyer's exemption certificate number.`,
    () =>
      `Jenis cukai E (dikecualikan) memerlukan sebab pengecualian, contohnya nombor sijil pengecualian pembeli.`,
  ),
  "einvoice.tax.rate_kind": error(
    () =>
      `Give the tax rate either as a percentage, or as a fixed amount per unit with the number of units, not both.`,
    () =>
      `Nyatakan kadar cukai sama ada sebagai peratusan, atau sebagai amaun tetap seunit beserta bilangan unit, bukan kedua-duanya.`,
  ),
  "einvoice.tax.amount_rate": warning(
    (c) => `The tax amount ${c.found} does not match its rate (${c.expected} expected).`,
    (c) => `Amaun cukai ${c.found} tidak sepadan dengan kadar cukainya (sepatutnya ${c.expected}).`,
  ),
  "einvoice.tax.duplicate_type": error(
    (c) => `Tax type ${c.value} appears more than once in the tax summary; combine it into one.`,
    (c) =>
      `Jenis cukai ${c.value} muncul lebih daripada sekali dalam ringkasan cukai; gabungkan menjadi satu.`,
  ),
  "einvoice.totals.line_extension": total("the sum of the lines", "jumlah semua baris"),
  "einvoice.totals.allowance_total": total(
    "the sum of the e-invoice discounts",
    "jumlah semua diskaun e-Invois",
  ),
  "einvoice.totals.charge_total": total("the sum of the e-invoice charges", "jumlah semua caj e-Invois"),
  "einvoice.totals.tax_exclusive": total("net amount − discounts + charges", "jumlah bersih − diskaun + caj"),
  "einvoice.totals.tax_total": total(
    "the sum of the tax per tax type",
    "jumlah cukai bagi setiap jenis cukai",
  ),
  "einvoice.totals.tax_by_type": error(
    (c) =>
      `The total for tax type ${c.value} should be ${c.expected} (the sum of the lines), not ${c.found}.`,
    (c) =>
      `Jumlah bagi jenis cukai ${c.value} sepatutnya ${c.expected} (jumlah semua baris), bukan ${c.found}.`,
  ),
  "einvoice.totals.tax_inclusive": total("total excluding tax + tax", "jumlah tidak termasuk cukai + cukai"),
  "einvoice.totals.payable": total(
    "total including tax − prepayment + rounding",
    "jumlah termasuk cukai − bayaran pendahuluan + pembundaran",
  ),
} satisfies Record<string, Entry>;

// The same rules hold for the supplier, the buyer and the shipping recipient; the code names
// the party so a caller knows whose record to open (shop settings or the customer).
const PARTY_MESSAGES = {
  tin_missing: error(
    (c) => `Fill in ${who(c).en}'s TIN (tax identification number).`,
    (c) => `Isikan TIN (nombor pengenalan cukai) ${who(c).ms}.`,
  ),
  tin_format: error(
    (c) =>
      `${Who(c)}'s TIN must start with IG for a person, or C, D, F… for a business; a business TIN ends in 0 and has no zeros right after the letters (e.g. C1234567890).`,
    (c) =>
      `TIN ${who(c).ms} mesti bermula dengan IG bagi individu, atau C, D, F… bagi perniagaan; TIN perniagaan berakhir dengan 0 dan tiada sifar sejurus selepas huruf (contohnya C1234567890).`,
  ),
  tin_multiple: error(
    (c) => `${Who(c)} has more than one TIN; keep only one.`,
    (c) => `Terdapat lebih daripada satu TIN bagi ${who(c).ms}; simpan satu sahaja.`,
  ),
  id_missing: error(
    (c) =>
      `Add ${who(c).en}'s registration or ID number: BRN for a business, MyKad (NRIC) or passport for a person.`,
    (c) =>
      `Tambah nombor pendaftaran atau pengenalan ${who(c).ms}: BRN bagi perniagaan, MyKad (NRIC) atau pasport bagi individu.`,
  ),
  id_multiple: error(
    (c) =>
      `Give only one registration or ID number for ${who(c).en} (BRN, MyKad, passport or army number), not several.`,
    (c) =>
      `Nyatakan satu sahaja nombor pendaftaran atau pengenalan bagi ${who(c).ms} (BRN, MyKad, pasport atau nombor tentera), bukan beberapa.`,
  ),
  id_scheme: error(
    (c) => `"${c.value}" is not a kind of ID MyInvois knows: use TIN, BRN, NRIC, PASSPORT, ARMY, SST or TTX.`,
    (c) =>
      `"${c.value}" bukan jenis pengenalan yang dikenali MyInvois: gunakan TIN, BRN, NRIC, PASSPORT, ARMY, SST atau TTX.`,
  ),
  id_format: error(
    (c) =>
      c.scheme === "NRIC"
        ? `${Who(c)}'s MyKad (NRIC) number must be 12 digits, without dashes.`
        : `${Who(c)}'s ${c.scheme === "BRN" ? "business registration number" : c.scheme === "ARMY" ? "army number" : "passport number"} must be at most ${c.max} characters.`,
    (c) =>
      c.scheme === "NRIC"
        ? `Nombor MyKad (NRIC) ${who(c).ms} mesti mengandungi 12 digit, tanpa sengkang.`
        : `${c.scheme === "BRN" ? "Nombor pendaftaran perniagaan" : c.scheme === "ARMY" ? "Nombor tentera" : "Nombor pasport"} ${who(c).ms} mesti tidak melebihi ${c.max} aksara.`,
  ),
  id_not_applicable: error(
    (c) =>
      `"NA" can replace ${who(c).en}'s ID number only with a general TIN (EI…); otherwise give the real number.`,
    (c) =>
      `"NA" hanya boleh menggantikan nombor pengenalan ${who(c).ms} jika TIN am (EI…) digunakan; jika tidak, nyatakan nombor sebenar.`,
  ),
  sst_format: error(
    (c) =>
      `${Who(c)}'s SST number must be "NA" if not registered, or up to two numbers separated by ";" (letters, digits and dashes, at most 35 characters).`,
    (c) =>
      `Nombor SST ${who(c).ms} mesti diisi "NA" jika tidak berdaftar, atau sehingga dua nombor dipisahkan dengan ";" (huruf, angka dan sengkang, maksimum 35 aksara).`,
  ),
  ttx_format: error(
    (c) =>
      `${Who(c)}'s tourism tax number must be "NA" if not registered, or at most 17 letters, digits and dashes.`,
    (c) =>
      `Nombor cukai pelancongan ${who(c).ms} mesti diisi "NA" jika tidak berdaftar, atau maksimum 17 huruf, angka dan sengkang.`,
  ),
  phone_format: error(
    (c) =>
      `${Who(c)}'s phone number must be in international form with no spaces or dashes, e.g. ${c.suggestion ?? "+60123456789"}.`,
    (c) =>
      `Nombor telefon ${who(c).ms} mesti dalam bentuk antarabangsa tanpa jarak atau sengkang, contohnya ${c.suggestion ?? "+60123456789"}.`,
  ),
  email_format: error(
    (c) => `${Who(c)}'s e-mail address is not valid.`,
    (c) => `Alamat e-mel ${who(c).ms} tidak sah.`,
  ),
  state: error(
    (c) => `${Who(c)}'s state must be a MyInvois state code, from 01 (Johor) to 16 (WP Putrajaya).`,
    (c) =>
      `Negeri ${who(c).ms} mesti diisi dengan kod negeri MyInvois, dari 01 (Johor) hingga 16 (WP Putrajaya).`,
  ),
  state_not_applicable: error(
    (c) =>
      `State code 17 ("not applicable") is only for consolidated e-invoices and addresses outside Malaysia; choose ${who(c).en}'s state.`,
    (c) =>
      `Kod negeri 17 ("tidak berkenaan") hanya untuk e-Invois disatukan dan alamat di luar Malaysia; pilih negeri ${who(c).ms}.`,
  ),
  country: error(
    (c) => `${Who(c)}'s country must be a three-letter code such as MYS.`,
    (c) => `Negara ${who(c).ms} mesti diisi dengan kod tiga huruf seperti MYS.`,
  ),
} satisfies Record<string, Entry>;

export const PARTIES = ["supplier", "buyer", "recipient"] as const;
export type Party = (typeof PARTIES)[number];
export type Code = keyof typeof DOCUMENT_MESSAGES | `einvoice.${Party}.${keyof typeof PARTY_MESSAGES}`;

export const MESSAGES = {
  ...DOCUMENT_MESSAGES,
  ...Object.fromEntries(
    PARTIES.flatMap((party) =>
      Object.entries(PARTY_MESSAGES).map(([rule, entry]) => [`einvoice.${party}.${rule}`, entry]),
    ),
  ),
} as Record<Code, Entry>;

export const severityOf = (code: Code) => MESSAGES[code].severity;

/** The message for an issue at `path`; a line's messages are prefixed with its number. */
export function render(code: Code, path: string, params: Params = {}): { en: string; ms: string } {
  const context = { ...place(path), ...params };
  const { en, ms } = MESSAGES[code];
  const line = context.line;
  return {
    en: line === undefined ? en(context) : `Line ${line}: ${en(context)}`,
    ms: line === undefined ? ms(context) : `Baris ${line}: ${ms(context)}`,
  };
}
