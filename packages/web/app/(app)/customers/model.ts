import type { GetCustomersByIdResponse, GetCustomersResponse } from "@/lib/api/staff";

/** Shapes of the staff customers API, from the generated API types. */
export type Customer = GetCustomersResponse["customers"][number];
export type CustomerPage = GetCustomersByIdResponse;
export type Device = CustomerPage["devices"][number];
export type Consent = CustomerPage["consents"][number];
