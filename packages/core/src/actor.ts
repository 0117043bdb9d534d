import { createContext } from "./util/context";

/**
 * Who is acting. Set once at the edge (HTTP handler, queue consumer, gateway) and read by
 * core for audit rows and authorization; core never takes identity as an argument.
 */
export type Actor =
  | { type: "user"; properties: { userId: string; role: "admin" | "tech" | "cashier" } }
  | { type: "customer"; properties: { phone: string } }
  | { type: "bot"; properties: Record<string, never> }
  | { type: "system"; properties: { name: string } }
  | { type: "public"; properties: Record<string, never> };

const ActorContext = createContext<Actor>("actor");

export const withActor = ActorContext.with;

export function useActor(): Actor {
  return ActorContext.maybe() ?? { type: "public", properties: {} };
}

export function systemActor(name: string): Actor {
  return { type: "system", properties: { name } };
}
