import { describe, expect, it } from "vitest";
import { addressRefusal, checkUrl, parseOutboundAllow, UrlNotAllowedError } from "@/server/platform/outbound";

const none = parseOutboundAllow("");

function refusal(url: string, policy = none): string | null {
  try {
    checkUrl(new URL(url), policy);
    return null;
  } catch (err) {
    if (err instanceof UrlNotAllowedError) return err.message;
    throw err;
  }
}

describe("outbound URL rules", () => {
  it.each([
    ["http://127.0.0.1/", "loopback"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://10.1.2.3/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://100.64.0.1/", "carrier-grade NAT"],
    ["http://169.254.169.254/latest/meta-data/", "link-local"],
    ["http://[::1]/", "loopback"],
    ["http://[fd00::1]/", "unique-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:a9fe:a9fe]/", "link-local"],
    ["http://224.0.0.1/", "multicast"],
    ["http://2130706433/", "loopback"], // decimal spelling of 127.0.0.1
    ["http://0x7f.0.0.1/", "loopback"], // hex
    ["http://0177.0.0.1/", "loopback"], // octal
    ["http://127.1/", "loopback"], // short form
  ])("refuses %s as %s", (url, label) => {
    expect(refusal(url)).toMatch(new RegExp(`is a ${label} address`));
  });

  it.each([
    ["file:///etc/passwd", /file URLs are not allowed/],
    ["gopher://example.com/", /gopher URLs are not allowed/],
    ["http://user:pass@example.com/", /user name or password/],
  ])("refuses %s", (url, message) => {
    expect(refusal(url)).toMatch(message);
  });

  it("allows public addresses and names (names are checked when resolved)", () => {
    expect(refusal("https://93.184.215.14/mcp")).toBeNull();
    expect(refusal("https://mcp.example.com/mcp")).toBeNull();
    expect(refusal("http://[2606:4700::1111]/")).toBeNull();
  });

  it("allows what the administrator listed: hosts, addresses and ranges", () => {
    const policy = parseOutboundAllow("mcp.internal, 10.20.0.0/16, 127.0.0.1, [::1]");
    expect(policy.hosts).toEqual(["mcp.internal"]);
    expect(refusal("http://10.20.3.4/", policy)).toBeNull();
    expect(refusal("http://10.21.0.1/", policy)).toMatch(/private/);
    expect(refusal("http://127.0.0.1:8080/", policy)).toBeNull();
    expect(refusal("http://[::1]/", policy)).toBeNull();
    expect(addressRefusal("10.9.9.9", "mcp.internal", policy)).toBeNull();
    expect(addressRefusal("10.9.9.9", "other.internal", policy)).toMatch(
      /other.internal resolves to 10.9.9.9, which is a private address/,
    );
  });
});
