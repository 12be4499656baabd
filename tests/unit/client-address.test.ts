// Per-address limits key on the client's address; a client must not be able to choose it.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { clientAddress, PEER_HEADER, peerStamp, stampPeerAddresses } from "@/server/platform/client-address";

afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

const from = (peer: string, extra: Record<string, string> = {}) =>
  new Headers({ [PEER_HEADER]: peerStamp(peer), ...extra });

describe("client address", () => {
  it("is the socket address, whatever forwarding headers the client sends, with no trusted proxies", () => {
    expect(clientAddress(from("198.51.100.7", { "x-forwarded-for": "203.0.113.1", "x-real-ip": "203.0.113.2" }))).toBe(
      "198.51.100.7",
    );
    expect(clientAddress(from("::ffff:198.51.100.7"))).toBe("198.51.100.7");
  });

  it("is unknown without a stamp from this process (a client cannot forge one)", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.1" }))).toBeUndefined();
    expect(clientAddress(new Headers({ [PEER_HEADER]: "0000 203.0.113.1" }))).toBeUndefined();
    expect(clientAddress({ [PEER_HEADER]: peerStamp("not an address") })).toBeUndefined();
    expect(clientAddress(undefined)).toBeUndefined();
  });

  it("believes X-Forwarded-For only from configured proxies, skipping every trusted hop", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, 192.0.2.1, ::1";
    resetEnvForTests();
    const chain = "203.0.113.66, 198.51.100.9, 10.1.2.3";
    expect(clientAddress(from("10.0.0.5", { "x-forwarded-for": chain }))).toBe("198.51.100.9");
    expect(clientAddress({ [PEER_HEADER]: peerStamp("192.0.2.1"), "x-forwarded-for": ["198.51.100.3"] })).toBe(
      "198.51.100.3",
    );
    expect(clientAddress(from("::1", { "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddress(from("10.0.0.5", { "x-forwarded-for": "10.0.0.9, 10.0.0.8" }))).toBe("10.0.0.9");
    expect(clientAddress(from("10.0.0.5"))).toBe("10.0.0.5");
    expect(clientAddress(from("198.51.100.200", { "x-forwarded-for": chain }))).toBe("198.51.100.200");
  });

  it("matches IPv4 peers against IPv6-mapped ranges", () => {
    process.env.TRUSTED_PROXIES = "::ffff:10.0.0.0/104";
    resetEnvForTests();
    expect(clientAddress(from("10.0.0.5", { "x-forwarded-for": "203.0.113.5" }))).toBe("203.0.113.5");
  });

  it("stamps the socket address on requests a real HTTP server receives, replacing a sent header", async () => {
    stampPeerAddresses();
    stampPeerAddresses(); // idempotent
    const server = http.createServer((req, res) => {
      res.end(clientAddress(req.headers) ?? "none");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_HEADER]: "forged 203.0.113.9", "x-forwarded-for": "203.0.113.9" },
      });
      expect(await res.text()).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
