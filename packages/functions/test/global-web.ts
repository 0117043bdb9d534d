import { buildWeb, needsBuild } from "../src/local/next";

/**
 * Test files that start the product (smoke, browser) would each find the dashboard unbuilt
 * and run `next build` into the same folder at once; build it once, before any of them.
 */
export default async function setup() {
  if (needsBuild()) await buildWeb();
}
