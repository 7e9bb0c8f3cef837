/**
 * Address checks with the exact acceptance rules Calico applies on top of Go's `net` parsing:
 * `cnet.ParseCIDROrIP` (a CIDR, or a bare address meaning a full-length prefix), the "strictly
 * masked" test of the `net`/`netv4`/`netv6` validators, the `IP:port` syntax of BGP peer addresses,
 * and the stricter parsing of the Kubernetes CEL `ip()`/`cidr()` functions used by the CRD rules.
 *
 * Go treats an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as IPv4 (its `To4()` is not nil), so
 * `goVersion` reports 4 for those, unlike `ParsedIp.family`. The CEL functions refuse such addresses
 * and zones altogether, and `cidr()` also refuses a prefix length written with a leading zero.
 *
 * Invariant: pure functions of their input; they never throw.
 */
import { isMasked, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from '../../util/ip';
import { quoteValue } from '../../util/strings';
import { goRegexp } from '../../util/re2';

/** True for `::ffff:a.b.c.d` written as IPv6. */
export function isV4Mapped(ip: ParsedIp): boolean {
  if (ip.family !== 6) return false;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** The IP version Go's `To4() != nil` test gives. */
export function goVersion(ip: ParsedIp): 4 | 6 {
  return ip.family === 4 || isV4Mapped(ip) ? 4 : 6;
}

export interface CidrOrIp {
  cidr: ParsedCidr;
  /** True when the text had no `/prefix` (a bare address). */
  bare: boolean;
  /** Go's idea of the family (IPv4-mapped counts as 4). */
  version: 4 | 6;
  /** True when no host bit is set (always true for a bare address). */
  masked: boolean;
}

/** `cnet.ParseCIDROrIP`: a CIDR, or a bare IP address taken as a full-length prefix. */
export function parseCidrOrIp(s: string): CidrOrIp | undefined {
  const c = parseCidr(s);
  if (c) return { cidr: c, bare: false, version: goVersion(c.ip), masked: isMasked(c) };
  const ip = parseIp(s);
  if (!ip) return undefined;
  return { cidr: { ip, prefix: ip.bytes.length * 8 }, bare: true, version: goVersion(ip), masked: true };
}

// Calico's own patterns for the two "with port" shapes (`IPv4PortFormat` and `IPv6PortFormat` in
// libcalico-go/lib/validator/v3/validator.go), as Go reads them: the dots of the IPv4 one are not escaped, so they match any
// character but a newline. Matched by RE2: on JavaScript's engine this pattern costs the fourth
// power of the input's length.
const IPV4_PORT = goRegexp('^(\\d+).(\\d+).(\\d+).(\\d+):(\\d+)$');
const IPV6_PORT = goRegexp('^\\[[0-9a-fA-F:.]+\\]:(\\d+)$');

export interface PeerAddress {
  ip: ParsedIp;
  ipText: string;
  port?: number;
}

/**
 * Calico's BGP peer address syntax: `<IP>`, `<IPv4>:<port>` or `[<IPv6>]:<port>` with a port of
 * 1–65535. The two "with port" shapes are recognised by the same loose patterns Calico uses, so
 * `[10.0.0.1]:179` is accepted as well.
 */
export function parsePeerAddress(s: string): { ok: true; value: PeerAddress } | { ok: false; reason: string } {
  if (s === '') return { ok: false, reason: 'it is empty' };
  let host = s;
  let port: number | undefined;
  if (IPV4_PORT.test(s) || IPV6_PORT.test(s)) {
    const colon = s.lastIndexOf(':');
    host = s.slice(0, colon);
    const portText = s.slice(colon + 1);
    if (host.startsWith('[')) {
      if (!host.endsWith(']')) return { ok: false, reason: 'the address is not in the form [IPv6]:port' };
      host = host.slice(1, -1);
    }
    const n = Number(portText);
    if (!/^[0-9]+$/.test(portText) || n > 65535) return { ok: false, reason: `the port ${portText} is not a number from 1 to 65535` };
    if (n < 1) return { ok: false, reason: 'the port must be at least 1' };
    port = n;
  }
  const ip = parseIp(host);
  if (!ip) return { ok: false, reason: `${quoteValue(host)} is not an IP address` };
  return { ok: true, value: port === undefined ? { ip, ipText: host } : { ip, ipText: host, port } };
}

/** The Kubernetes CEL `isIP()` test: a Go address without a zone and not IPv4-mapped. */
export function celIp(s: string): ParsedIp | undefined {
  const ip = parseIp(s);
  return ip && !isV4Mapped(ip) ? ip : undefined;
}

/** The Kubernetes CEL `cidr()` parse: like Go's, but no IPv4-mapped address and no leading zero in the length. */
export function celCidr(s: string): ParsedCidr | undefined {
  const c = parseCidr(s);
  if (!c || isV4Mapped(c.ip)) return undefined;
  const bits = s.slice(s.indexOf('/') + 1);
  if (bits.length > 1 && bits[0] === '0') return undefined;
  return c;
}
