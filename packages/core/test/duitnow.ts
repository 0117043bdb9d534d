import { PaymentQr } from "../src/payment-qr/index";

const tlv = (id: string, value: string) => `${id}${String([...value].length).padStart(2, "0")}${value}`;
const signed = (body: string) => `${body}6304${PaymentQr.crc16(`${body}6304`)}`;

/**
 * A static DuitNow QR's text as a shop pastes it into settings (EMVCo Merchant-Presented Mode,
 * PayNet's GUID in tag 26; not a real merchant's), for the merchant named here.
 */
export const DUITNOW_STATIC_MERCHANT = "KEDAI BAIKI AMIN";
export const DUITNOW_STATIC = signed(
  [
    tlv("00", "01"),
    tlv("01", "11"),
    tlv("26", tlv("00", "A0000006150001") + tlv("01", "890049") + tlv("02", "0000012345678901")),
    tlv("52", "7622"),
    tlv("53", "458"),
    tlv("58", "MY"),
    tlv("59", DUITNOW_STATIC_MERCHANT),
    tlv("60", "KUALA LUMPUR"),
  ].join(""),
);
