/** How long ago `iso` was, in the one unit a card has room for: minutes, hours, then days. */
export function age(iso: string, now: number): { value: number; unit: "m" | "h" | "d" } {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { value: minutes, unit: "m" };
  if (minutes < 24 * 60) return { value: Math.floor(minutes / 60), unit: "h" };
  return { value: Math.floor(minutes / (24 * 60)), unit: "d" };
}

/**
 * The instant a card's age counts from: how long the shop has had the device, and once it is
 * ready, how long it has waited for pickup.
 */
export const ageFrom = (ticket: { status: string; created_at: string; ready_at: string | null }) =>
  ticket.status === "READY" && ticket.ready_at ? ticket.ready_at : ticket.created_at;
