import { v7 } from "uuid";

/** UUID v7: time-ordered, so primary-key indexes stay append-mostly. */
export const createId = (): string => v7();
