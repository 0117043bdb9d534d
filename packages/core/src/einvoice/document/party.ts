import { Money } from "../../money/index";
import type { Address, Buyer, Delivery, PartyId, Supplier } from "./input";
import { type Aggregate, aggregate, amount, optional, value } from "./ubl";

// The official samples order a party's children differently for supplier, buyer and delivery
// recipient. JSON key order is part of what is hashed and signed, so each follows its sample.

export const supplierParty = (s: Supplier): Aggregate[] => [
  aggregate({
    AdditionalAccountID: optional(s.exporter_id, { schemeAgencyName: "CertEX" }),
    Party: [
      aggregate({
        IndustryClassificationCode: value(s.msic.code, { name: s.msic.description }),
        PartyIdentification: identifications(s.tin, s.id, s),
        PostalAddress: address(s.address),
        PartyLegalEntity: legalEntity(s.name),
        Contact: contact(s.phone, s.email),
      }),
    ],
  }),
];

export const customerParty = (b: Buyer): Aggregate[] => [
  {
    Party: [
      aggregate({
        PostalAddress: address(b.address),
        PartyLegalEntity: legalEntity(b.name),
        PartyIdentification: identifications(b.tin, b.id, b),
        Contact: contact(b.phone, b.email),
      }),
    ],
  },
];

export const delivery = (d: Delivery, currency: string): Aggregate[] => [
  aggregate({
    DeliveryParty: d.party && [
      {
        PartyLegalEntity: legalEntity(d.party.name),
        PostalAddress: address(d.party.address),
        PartyIdentification: identifications(d.party.tin, d.party.id),
      },
    ],
    Shipment: d.shipment && [
      {
        ID: value(d.shipment.id),
        FreightAllowanceCharge: d.shipment.charges.map((c) => ({
          ChargeIndicator: value(true),
          AllowanceChargeReason: value(c.reason),
          Amount: amount(Money.parse(c.amount), currency),
        })),
      },
    ],
  }),
];

function identifications(
  tin: string,
  id: PartyId,
  registrations?: { sst: string; ttx: string },
): Aggregate[] {
  const ids: [string, string][] = [
    ["TIN", tin],
    [id.scheme, id.value],
  ];
  if (registrations) ids.push(["SST", registrations.sst], ["TTX", registrations.ttx]);
  return ids.map(([schemeID, v]) => ({ ID: value(v, { schemeID }) }));
}

export const address = (a: Address): Aggregate[] => [
  aggregate({
    CityName: value(a.city),
    PostalZone: optional(a.postcode),
    CountrySubentityCode: value(a.state),
    AddressLine: a.lines.map((line) => ({ Line: value(line) })),
    Country: [{ IdentificationCode: value(a.country, { listID: "ISO3166-1", listAgencyID: "6" }) }],
  }),
];

const legalEntity = (name: string): Aggregate[] => [{ RegistrationName: value(name) }];

const contact = (phone: string, email: string | undefined): Aggregate[] => [
  aggregate({ Telephone: value(phone), ElectronicMail: optional(email) }),
];
