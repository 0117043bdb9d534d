/**
 * A customer link's token with one character in its middle changed to a different one: a link
 * that must not open, whether the token is signed (a JWT) or an opaque id. Never the last
 * character of a base64url run: its low bits are padding, and changing only those (A to B)
 * leaves the bytes, and a signature, as they were.
 */
export function tamper(token: string): string {
  let at = Math.floor(token.length / 2);
  while (token[at] === "." || token[at + 1] === "." || at === token.length - 1) at--;
  const changed = token[at] === "A" ? "B" : "A";
  return `${token.slice(0, at)}${changed}${token.slice(at + 1)}`;
}
