// SSRF guard for the crawler: which URLs and resolved addresses may be fetched (scheme, credentials, names, IP ranges).
import dns from "node:dns";
import net from "node:net";

export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface CheckOptions {
  /** The request goes to the configured test/demo route, so the host is not resolved (it may be offline). */
  allowRouted?: boolean;
  /** Injectable resolver (tests); defaults to the system resolver with all addresses. */
  lookup?: LookupFn;
}

export type CheckResult = { ok: true; url: URL } | { ok: false; reason: string };

const systemLookup: LookupFn = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

// Names that resolve to this machine or a private network by convention, whatever DNS says.
const LOCAL_SUFFIXES = [".localhost", ".local", ".localdomain", ".internal", ".home.arpa", ".lan", ".intranet"];

type V4Range = [base: string, bits: number, label: string];
const V4_BLOCKED: V4Range[] = [
  ["0.0.0.0", 8, "the 'this network' range 0.0.0.0/8"],
  ["10.0.0.0", 8, "a private network (10.0.0.0/8)"],
  ["100.64.0.0", 10, "carrier-grade NAT space (100.64.0.0/10)"],
  ["127.0.0.0", 8, "loopback (this machine)"],
  ["169.254.0.0", 16, "link-local space, where cloud metadata services live (169.254.0.0/16)"],
  ["172.16.0.0", 12, "a private network (172.16.0.0/12)"],
  ["192.0.0.0", 24, "IETF protocol space (192.0.0.0/24)"],
  ["192.0.2.0", 24, "documentation space (192.0.2.0/24)"],
  ["192.88.99.0", 24, "the 6to4 relay range"],
  ["192.168.0.0", 16, "a private network (192.168.0.0/16)"],
  ["198.18.0.0", 15, "benchmarking space (198.18.0.0/15)"],
  ["198.51.100.0", 24, "documentation space (198.51.100.0/24)"],
  ["203.0.113.0", 24, "documentation space (203.0.113.0/24)"],
  ["224.0.0.0", 4, "multicast (224.0.0.0/4)"],
  ["255.255.255.255", 32, "the broadcast address"],
  ["240.0.0.0", 4, "reserved space (240.0.0.0/4)"],
];

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inV4(ip: number, base: string, bits: number): boolean {
  if (bits === 0) return true;
  const shift = 32 - bits;
  return Math.floor(ip / 2 ** shift) === Math.floor(v4ToInt(base) / 2 ** shift);
}

function v4Reason(ip: string): string | null {
  const n = v4ToInt(ip);
  for (const [base, bits, label] of V4_BLOCKED) if (inV4(n, base, bits)) return label;
  return null;
}

/** Expands an IPv6 literal (no brackets, optional zone, optional dotted-quad tail) into 8 groups. */
export function expandV6(input: string): number[] | null {
  let s = input.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  if (!net.isIPv6(s)) return null;
  const tail = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail?.[1]) {
    const n = v4ToInt(tail[1]);
    s = s.slice(0, -tail[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", rest] = s.split("::");
  const a = head ? head.split(":") : [];
  const b = rest === undefined ? [] : rest ? rest.split(":") : [];
  const fill = rest === undefined ? 0 : 8 - a.length - b.length;
  const groups = [...a, ...Array<string>(fill).fill("0"), ...b].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

const embeddedV4 = (hi: number, lo: number) => `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;

function v6Reason(ip: string): string | null {
  const g = expandV6(ip);
  if (!g) return "an unparseable IPv6 address";
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embedded = (label: string, v4: string) => {
    const why = v4Reason(v4);
    return why ? `${label} of ${v4}, which is ${why}` : null;
  };
  if (zeros(8)) return "the unspecified address ::";
  if (zeros(7) && g[7] === 1) return "loopback (this machine, ::1)";
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d carry an IPv4 address the OS may connect to.
  if (zeros(5) && g[5] === 0xffff) return embedded("an IPv4-mapped IPv6 form", embeddedV4(g[6]!, g[7]!));
  if (zeros(4) && g[4] === 0xffff && g[5] === 0) return embedded("an IPv4-translated IPv6 form", embeddedV4(g[6]!, g[7]!));
  if (zeros(6)) return `a deprecated IPv4-compatible IPv6 form (${embeddedV4(g[6]!, g[7]!)})`;
  // NAT64 (64:ff9b::/96) reaches IPv4 through a translator: judge the IPv4 address inside.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros6(g, 2, 6)) return embedded("a NAT64 form", embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "local-use NAT64 space (64:ff9b:1::/48)";
  if ((g[0]! & 0xfe00) === 0xfc00) return "a unique-local (private) IPv6 address (fc00::/7)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "a link-local IPv6 address (fe80::/10)";
  if ((g[0]! & 0xffc0) === 0xfec0) return "a site-local IPv6 address (fec0::/10)";
  if ((g[0]! & 0xff00) === 0xff00) return "IPv6 multicast (ff00::/8)";
  if (g[0] === 0x2001 && g[1] === 0xdb8) return "IPv6 documentation space (2001:db8::/32)";
  if (g[0] === 0x2001 && g[1] === 0) return "a Teredo tunnel address (2001::/32)";
  if (g[0] === 0x2002) return embedded("a 6to4 address", embeddedV4(g[1]!, g[2]!));
  // Only global unicast (2000::/3) remains legitimate for web servers.
  if ((g[0]! & 0xe000) !== 0x2000) return "a non-global IPv6 address";
  return null;
}

function zeros6(g: number[], from: number, to: number): boolean {
  return g.slice(from, to).every((x) => x === 0);
}

/** Why an IP address must not be fetched, or null when it is a public address. */
export function blockedAddressReason(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, "");
  if (net.isIPv4(bare)) return v4Reason(bare);
  if (net.isIPv6(bare.replace(/%.*$/, ""))) return v6Reason(bare);
  return "not an IP address";
}

/** Checks that need no network: scheme, credentials, literal IPs and local-only host names. */
export function checkUrlSyntax(input: string | URL): CheckResult {
  let url: URL;
  try {
    url = new URL(String(input).trim());
  } catch {
    return { ok: false, reason: `"${String(input).slice(0, 200)}" is not a valid absolute URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `only http and https URLs can be fetched, not ${url.protocol}` };
  }
  if (url.username || url.password) return { ok: false, reason: "URLs with embedded credentials are not fetched" };
  // WHATWG parsing already turned 2130706433, 0x7f000001, 0177.0.0.1 and 127.1 into 127.0.0.1.
  const host = url.hostname.replace(/\.+$/, "").toLowerCase();
  if (!host) return { ok: false, reason: "the URL has no host" };
  if (net.isIPv4(host) || host.startsWith("[")) {
    const why = blockedAddressReason(host);
    return why ? { ok: false, reason: `${url.hostname} is ${why}` } : { ok: true, url };
  }
  if (host === "localhost" || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return { ok: false, reason: `${host} is a local-only host name` };
  }
  if (!host.includes(".")) return { ok: false, reason: `${host} is a single-label (intranet) host name` };
  return { ok: true, url };
}

/** The full guard: syntax checks, then (unless routed) every DNS answer must be a public address. */
export async function checkUrl(input: string | URL, opts: CheckOptions = {}): Promise<CheckResult> {
  const syntax = checkUrlSyntax(input);
  if (!syntax.ok || opts.allowRouted) return syntax;
  const host = syntax.url.hostname.replace(/\.+$/, "");
  if (net.isIPv4(host) || host.startsWith("[")) return syntax;
  let answers: { address: string; family: number }[];
  try {
    answers = await (opts.lookup ?? systemLookup)(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { ok: false, reason: `could not resolve ${host} (${code})` };
  }
  if (answers.length === 0) return { ok: false, reason: `${host} has no addresses` };
  for (const a of answers) {
    const why = blockedAddressReason(a.address);
    if (why) return { ok: false, reason: `${host} resolves to ${a.address}, which is ${why}` };
  }
  return syntax;
}

/**
 * A `lookup` for http.request / net.connect that re-checks the addresses actually used for the connection,
 * so a DNS answer that changes between checkUrl and connect (DNS rebinding) cannot reach a private address.
 */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as unknown as dns.LookupAddress[];
    const bad = list.find((a) => blockedAddressReason(a.address));
    if (bad || list.length === 0) {
      const why = bad ? `${hostname} resolves to ${bad.address}, which is ${blockedAddressReason(bad.address)}` : `${hostname} has no addresses`;
      const error: NodeJS.ErrnoException = Object.assign(new Error(`blocked: ${why}`), { code: "ERR_SSRF_BLOCKED" });
      return callback(error, "", 0);
    }
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
};
