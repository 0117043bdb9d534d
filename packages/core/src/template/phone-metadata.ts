// Which countries' numbers the shop's pages format: Malaysia, its neighbours and the home
// countries of most people living in Malaysia who are not citizens. Any other valid number is
// shown as typed. A subset because the whole "min" table is 83 KB of JSON in every staff page.
export const DISPLAY_COUNTRIES = [
  "MY",
  "SG",
  "BN",
  "ID",
  "TH",
  "PH",
  "VN",
  "MM",
  "KH",
  "BD",
  "NP",
  "IN",
  "PK",
  "CN",
  "HK",
  "TW",
  "AU",
  "GB",
  "US",
] as const;

type Metadata = {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
};

/** libphonenumber-js's metadata cut to `countries` (phone-metadata.json is this of metadata.min.json). */
export function subset(full: Metadata, countries: readonly string[] = DISPLAY_COUNTRIES): Metadata {
  const keep = new Set(countries);
  const codes = Object.entries(full.country_calling_codes)
    .map(([code, names]) => [code, names.filter((name) => keep.has(name))] as const)
    .filter(([, names]) => names.length > 0);
  return {
    version: full.version,
    country_calling_codes: Object.fromEntries(codes),
    countries: Object.fromEntries(Object.entries(full.countries).filter(([name]) => keep.has(name))),
  };
}
