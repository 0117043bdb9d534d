import { describe, expect, it } from "vitest";
import { addressKey } from "./index";

describe("addressKey", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1:2:3:4", "fe80:0:0:0::/64"],
    [undefined, "unknown"],
    ["not an address", "unknown"],
  ])("buckets %s as %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it("puts every address of one IPv6 /64 in one bucket and a neighbouring /64 in another", () => {
    expect(addressKey("2001:db8:a:b:1::1")).toBe(addressKey("2001:db8:a:b:ffff:ffff:ffff:ffff"));
    expect(addressKey("2001:db8:a:b::1")).not.toBe(addressKey("2001:db8:a:c::1"));
  });
});
