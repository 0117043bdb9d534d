import type { translator } from "../../_lib/locale";

export type T = ReturnType<typeof translator<"status">>;
