import { handler as consume } from "../consumers/wa-inbound";
import { loadWaInboundEnv } from "../env/wa-inbound";

loadWaInboundEnv();
export const handler = consume;
