/**
 * How Calico reads a CIDR in a rule's `nets` / `notNets`: it must parse as `address/prefix` (Go's
 * `net.ParseCIDR`; a bare address is refused in rules) and be strictly masked (no host bits set
 * after the prefix). The IP family is Go's: an IPv4-mapped IPv6 address counts as IPv4.
 */
import { formatMasked, isMasked, parseCidr, parseIp, type ParsedCidr } from '../util/ip';

export type RuleCidr =
  | { ok: true; cidr: ParsedCidr; version: 4 | 6 }
  | { ok: false; reason: 'bare-ip' | 'syntax' | 'not-masked'; message: string; suggestion?: string };

function goVersion(c: ParsedCidr): 4 | 6 {
  const b = c.ip.bytes;
  if (b.length === 4) return 4;
  // Go's To4(): ten zero bytes and two 0xff bytes make an IPv4-mapped address.
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? 4 : 6;
}

/** Reads one entry of a rule's `nets`/`notNets`. */
export function parseRuleCidr(text: string): RuleCidr {
  const cidr = parseCidr(text);
  if (!cidr) {
    const ip = parseIp(text);
    if (ip) {
      const suggestion = `${text}/${ip.family === 4 ? 32 : 128}`;
      return { ok: false, reason: 'bare-ip', message: `'${text}' is an address, not a CIDR; rules need a prefix length, e.g. '${suggestion}'`, suggestion };
    }
    return { ok: false, reason: 'syntax', message: `'${text}' is not a valid CIDR (expected an address and a prefix length, e.g. '10.0.0.0/8')` };
  }
  if (!isMasked(cidr)) {
    const suggestion = formatMasked(cidr);
    return { ok: false, reason: 'not-masked', message: `'${text}' has bits set after the /${cidr.prefix} prefix; write the network address '${suggestion}'`, suggestion };
  }
  return { ok: true, cidr, version: goVersion(cidr) };
}

/** True for the catch-all networks Calico refuses in `notNets`: the exact text `0.0.0.0/0`, or any IPv6 /0. */
export function isNegatedCatchAll(text: string, parsed: RuleCidr): boolean {
  if (!parsed.ok) return false;
  if (parsed.version === 4) return text === '0.0.0.0/0';
  return parsed.cidr.prefix === 0;
}
