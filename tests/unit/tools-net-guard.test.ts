// SSRF guard: every known bypass form is refused with a readable reason; public hosts pass; DNS answers are checked.
import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkUrl, checkUrlSyntax, expandV6, guardedLookup, type LookupFn } from "@/tools/net-guard";

const publicLookup: LookupFn = async () => [{ address: "93.184.215.14", family: 4 }];

describe("checkUrl refuses SSRF bypass forms", () => {
  const refused: [url: string, reason: RegExp][] = [
    ["http://2130706433/", /127\.0\.0\.1 is loopback/],
    ["http://0177.0.0.1/", /127\.0\.0\.1 is loopback/],
    ["http://0x7f000001/", /127\.0\.0\.1 is loopback/],
    ["http://0x7f.1/", /loopback/],
    ["http://127.1/", /127\.0\.0\.1 is loopback/],
    ["http://127.0.0.1:8080/admin", /loopback/],
    ["http://[::1]/", /loopback/],
    ["http://[::ffff:127.0.0.1]/", /IPv4-mapped.*127\.0\.0\.1.*loopback/],
    ["http://[::ffff:7f00:1]/", /IPv4-mapped.*127\.0\.0\.1/],
    ["http://[::ffff:169.254.169.254]/", /IPv4-mapped.*link-local/],
    ["http://[::ffff:0:7f00:1]/", /IPv4-translated/],
    ["http://[::127.0.0.1]/", /IPv4-compatible/],
    ["http://[64:ff9b::7f00:1]/", /NAT64.*loopback/],
    ["http://[64:ff9b::a00:1]/", /NAT64.*private/],
    ["http://[2002:7f00:1::]/", /6to4.*loopback/],
    ["http://[::]/", /unspecified/],
    ["http://169.254.169.254/latest/meta-data/", /link-local.*metadata/],
    ["http://0.0.0.0/", /this network/],
    ["http://0/", /this network/],
    ["http://10.0.0.1/", /private/],
    ["http://172.16.0.1/", /private/],
    ["http://172.31.255.255/", /private/],
    ["http://192.168.1.1/", /private/],
    ["http://100.64.0.1/", /carrier-grade NAT/],
    ["http://224.0.0.1/", /multicast/],
    ["http://255.255.255.255/", /broadcast/],
    ["http://[fc00::1]/", /unique-local/],
    ["http://[fd12:3456::1]/", /unique-local/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[ff02::1]/", /multicast/],
    ["file:///etc/passwd", /only http and https/],
    ["gopher://example.org:70/_GET", /only http and https/],
    ["ftp://example.org/file", /only http and https/],
    ["data:text/html,hi", /only http and https/],
    ["http://user:pass@example.org/", /credentials/],
    ["http://user@example.org/", /credentials/],
    ["http://localhost/", /local-only/],
    ["http://LOCALHOST./", /local-only/],
    ["http://api.localhost/", /local-only/],
    ["http://metadata.google.internal/", /local-only/],
    ["http://printer.local/", /local-only/],
    ["http://intranet/", /single-label/],
    ["not a url", /not a valid absolute URL/],
  ];
  it.each(refused)("%s", async (url, reason) => {
    // allowRouted skips DNS, so every refusal here comes from the URL itself (the same in routed test mode).
    for (const allowRouted of [true, false]) {
      const r = await checkUrl(url, { allowRouted, lookup: publicLookup });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it("refuses host names whose DNS answers include a private address", async () => {
    const toLoopback: LookupFn = async () => [{ address: "127.0.0.1", family: 4 }];
    const mixed: LookupFn = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "::ffff:10.1.2.3", family: 6 },
    ];
    const r1 = await checkUrl("http://rebind.example.com/", { lookup: toLoopback });
    expect(r1).toEqual({ ok: false, reason: "rebind.example.com resolves to 127.0.0.1, which is loopback (this machine)" });
    const r2 = await checkUrl("https://mixed.example.com/", { lookup: mixed });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reason).toMatch(/10\.1\.2\.3.*private/);
  });

  it("reports resolver failures as refusals", async () => {
    const fail: LookupFn = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    expect(await checkUrl("http://nowhere.example/", { lookup: fail })).toEqual({ ok: false, reason: "could not resolve nowhere.example (ENOTFOUND)" });
  });

  it("skips DNS for routed (test/demo) requests but still checks the URL", async () => {
    let called = false;
    const spy: LookupFn = async () => {
      called = true;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const r = await checkUrl("https://example.org/report.pdf", { allowRouted: true, lookup: spy });
    expect(r.ok).toBe(true);
    expect(called).toBe(false);
  });
});

describe("checkUrl allows public addresses", () => {
  it.each(["https://example.org/a?b=1#c", "http://93.184.215.14/", "http://[2606:4700:4700::1111]/", "https://sub.domain.co.uk:8443/x", "http://[64:ff9b::808:808]/"])(
    "%s",
    async (url) => {
      const r = await checkUrl(url, { lookup: publicLookup });
      expect(r.ok).toBe(true);
    },
  );

  it("normalises the URL the WHATWG way", () => {
    const r = checkUrlSyntax("HTTP://Example.ORG:80/a/../b");
    expect(r.ok && r.url.href).toBe("http://example.org/b");
  });
});

describe("address helpers", () => {
  it("expands IPv6 forms", () => {
    expect(expandV6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(expandV6("[::ffff:127.0.0.1]")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(expandV6("fe80::1%eth0")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(expandV6("nope")).toBeNull();
  });

  it("classifies addresses", () => {
    expect(blockedAddressReason("8.8.8.8")).toBeNull();
    expect(blockedAddressReason("172.32.0.1")).toBeNull();
    expect(blockedAddressReason("100.128.0.1")).toBeNull();
    expect(blockedAddressReason("2001:4860:4860::8888")).toBeNull();
    expect(blockedAddressReason("2001:db8::1")).toMatch(/documentation/);
    expect(blockedAddressReason("2001:0:4136:e378::1")).toMatch(/Teredo/);
    expect(blockedAddressReason("198.18.0.1")).toMatch(/benchmarking/);
  });

  it("guardedLookup refuses a connection to a name that resolves to loopback (DNS rebinding)", async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup("localhost", { all: true }, (e) => resolve(e)));
    expect(err?.code).toBe("ERR_SSRF_BLOCKED");
    expect(err?.message).toMatch(/localhost resolves to .*(127\.0\.0\.1|::1)/);
  });
});
