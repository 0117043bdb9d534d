/** The time source. Code that decides by time reads it here so tests can fix the time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  at: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

let clock: Clock = systemClock;

export const useClock = (): Clock => clock;

export function setClock(next: Clock | undefined) {
  clock = next ?? systemClock;
}
