-- The shop's address lives in the shop profile only: MyInvois reads it from there (issue 10, E18).
-- Where the MyInvois section held a structured address, it becomes the profile's street lines,
-- postcode, city and state (it was typed for LHDN, so it is the exact one); a profile with no
-- MyInvois address keeps its own. A shop with MyInvois settings but no profile row gets one.
INSERT INTO "settings" ("id", "key", "value")
SELECT gen_random_uuid(), 'shop', '{}'::jsonb
WHERE EXISTS (SELECT 1 FROM "settings" WHERE "key" = 'myinvois')
  AND NOT EXISTS (SELECT 1 FROM "settings" WHERE "key" = 'shop');
--> statement-breakpoint
UPDATE "settings" AS shop
SET "value" = shop."value" || jsonb_build_object(
  'address', CASE
    WHEN coalesce(m."value"->>'address_line1', '') <> '' THEN concat_ws(E'\n',
      nullif(m."value"->>'address_line1', ''),
      nullif(m."value"->>'address_line2', ''),
      nullif(m."value"->>'address_line3', ''))
    ELSE coalesce(shop."value"->>'address', '') END,
  'postcode', coalesce(nullif(m."value"->>'postcode', ''), shop."value"->>'postcode', ''),
  'city', coalesce(nullif(m."value"->>'city', ''), shop."value"->>'city', ''),
  'state_code', coalesce(nullif(m."value"->>'state_code', ''), shop."value"->>'state_code', ''))
FROM "settings" AS m
WHERE shop."key" = 'shop' AND m."key" = 'myinvois';
--> statement-breakpoint
UPDATE "settings"
SET "value" = "value" - 'address_line1' - 'address_line2' - 'address_line3' - 'postcode' - 'city' - 'state_code'
WHERE "key" = 'myinvois';
