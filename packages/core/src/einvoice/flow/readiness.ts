import { Settings } from "../../settings/index";
import { useClock } from "../../util/clock";
import { MSIC, STATES } from "../codes";
import { loadCredentials } from "../signature/signature";

export type Gap = { field: string; message: { en: string; ms: string } };

const gap = (field: string, en: string, ms: string): Gap => ({ field, message: { en, ms } });

/**
 * What is missing before the shop can submit e-invoices, in words for the owner: the
 * supplier's LHDN details, the API credentials and the signing certificate. An empty list
 * means ready. Without API credentials documents can still be signed and exported.
 */
export async function readiness(): Promise<{ ready: boolean; can_submit: boolean; gaps: Gap[] }> {
  const settings = await Settings.get();
  const m = settings.myinvois as Record<string, unknown>;
  const shop = settings.shop as Record<string, unknown>;
  const has = (key: string) => typeof m[key] === "string" && (m[key] as string).trim() !== "";
  const gaps: Gap[] = [];
  if (!has("tin")) gaps.push(gap("myinvois.tin", "Enter the shop's TIN.", "Masukkan TIN kedai."));
  if (!has("brn"))
    gaps.push(
      gap(
        "myinvois.brn",
        "Enter the business registration number (BRN).",
        "Masukkan nombor pendaftaran perniagaan (BRN).",
      ),
    );
  if (!has("msic_code") || !MSIC.has(m.msic_code as string))
    gaps.push(
      gap(
        "myinvois.msic_code",
        "Choose the shop's MSIC code from LHDN's list.",
        "Pilih kod MSIC kedai daripada senarai LHDN.",
      ),
    );
  if (!has("business_activity"))
    gaps.push(
      gap("myinvois.business_activity", "Describe the business activity.", "Terangkan aktiviti perniagaan."),
    );
  const filled = (key: string) => typeof shop[key] === "string" && (shop[key] as string).trim() !== "";
  if (!filled("address") || !filled("city"))
    gaps.push(
      gap(
        "shop.address",
        "Enter the shop's address and city (Settings → Shop).",
        "Masukkan alamat dan bandar kedai (Tetapan → Kedai).",
      ),
    );
  if (!filled("state_code") || !STATES.has(shop.state_code as string) || shop.state_code === "17")
    gaps.push(
      gap(
        "shop.state_code",
        "Enter the shop's state code, 01 to 16 (Settings → Shop).",
        "Masukkan kod negeri kedai, 01 hingga 16 (Tetapan → Kedai).",
      ),
    );
  if (typeof shop.phone !== "string" || !shop.phone)
    gaps.push(
      gap(
        "shop.phone",
        "Enter the shop's phone number (Settings → Shop).",
        "Masukkan nombor telefon kedai (Tetapan → Kedai).",
      ),
    );
  const certificate = await Settings.secret("myinvois", "certificate");
  if (!certificate)
    gaps.push(
      gap(
        "myinvois.certificate",
        "Add the shop's digital certificate: without it e-invoices go out unsigned as version 1.0.",
        "Tambah sijil digital kedai: tanpanya e-invois dihantar tanpa tandatangan sebagai versi 1.0.",
      ),
    );
  else {
    try {
      const { certificate: cert } = await loadCredentials({
        certificate,
        password: await Settings.secret("myinvois", "certificate_password"),
      });
      if (new Date(cert.validTo) < useClock().now())
        gaps.push(
          gap(
            "myinvois.certificate",
            "The digital certificate has expired.",
            "Sijil digital telah tamat tempoh.",
          ),
        );
    } catch {
      gaps.push(
        gap(
          "myinvois.certificate",
          "The digital certificate cannot be read: check the file and its password.",
          "Sijil digital tidak dapat dibaca: semak fail dan kata laluannya.",
        ),
      );
    }
  }
  const hasApi = has("client_id") && Boolean(await Settings.secret("myinvois", "client_secret"));
  if (!hasApi)
    gaps.push(
      gap(
        "myinvois.client_id",
        "Enter the MyInvois client ID and secret to submit from here; until then, export documents for the portal.",
        "Masukkan ID dan rahsia klien MyInvois untuk menghantar dari sini; sehingga itu, eksport dokumen untuk portal.",
      ),
    );
  const blocking = gaps.filter((g) => g.field !== "myinvois.certificate" && g.field !== "myinvois.client_id");
  return { ready: gaps.length === 0, can_submit: blocking.length === 0 && hasApi, gaps };
}
