/**
 * IP address and CIDR parsing with the exact acceptance rules of Go's `net.ParseIP` and
 * `net.ParseCIDR`, which is what Calico (and the Kubernetes `cidr`/`ipv4`/`ipv6` formats) use.
 *
 * Notable Go rules: IPv4 octets are decimal without leading zeros ("010" is refused), IPv6 allows
 * one `::` and an embedded dotted IPv4 tail, zones (`%eth0`) are refused, and a CIDR prefix length
 * is plain decimal within the family's bit count. Addresses are returned as byte arrays so callers
 * can test masks and containment without floating-point tricks.
 */

export interface ParsedIp {
  family: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 literal stays family 6). */
  bytes: number[];
}

export interface ParsedCidr {
  ip: ParsedIp;
  prefix: number;
}

// One pass over the characters (every policy's nets are parsed): four dot-separated parts of one
// to three ASCII digits, no leading zero, each at most 255.
function parseIpv4(s: string): number[] | undefined {
  const out: number[] = [];
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    // The end of the text closes the last part as a dot would.
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || n > 255 || out.length === 4) return undefined;
      out.push(n);
      n = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // A fourth digit, or a digit after a leading zero.
      if (digits === 3 || (digits === 1 && n === 0)) return undefined;
      n = n * 10 + (c - 0x30);
      digits++;
    } else return undefined;
  }
  return out.length === 4 ? out : undefined;
}

function parseIpv6(s: string): number[] | undefined {
  if (s.length === 0 || s.includes('%')) return undefined;
  let head = s;
  let tail4: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon !== -1 && s.indexOf('.', lastColon) !== -1) {
    tail4 = parseIpv4(s.slice(lastColon + 1));
    if (!tail4) return undefined;
    head = s.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::" and "a::1.2.3.4" leaves "a::"; a single trailing ':' must pair up.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
    else if (head === '') return undefined;
  }
  const groupsWanted = tail4 ? 6 : 8;
  const dbl = head.indexOf('::');
  if (dbl !== -1 && head.indexOf('::', dbl + 1) !== -1) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl === -1) {
    const g = parseGroups(head);
    if (!g || g.length !== groupsWanted) return undefined;
    groups = g;
  } else {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right) return undefined;
    const missing = groupsWanted - left.length - right.length;
    // Go accepts "::" standing for a single zero group too.
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  if (tail4) bytes.push(...tail4);
  return bytes.length === 16 ? bytes : undefined;
}

/** Parses an IP address as Go's `net.ParseIP` does; undefined if Go would return nil. */
export function parseIp(s: string): ParsedIp | undefined {
  if (s.includes(':')) {
    const b = parseIpv6(s);
    return b ? { family: 6, bytes: b } : undefined;
  }
  const b = parseIpv4(s);
  return b ? { family: 4, bytes: b } : undefined;
}

/** Parses `ip/prefix` as Go's `net.ParseCIDR` does. */
export function parseCidr(s: string): ParsedCidr | undefined {
  const slash = s.indexOf('/');
  if (slash === -1) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const len = s.slice(slash + 1);
  // Go's decimal parser accepts leading zeros (`/0024`); it only bounds the value.
  if (!ip || !/^[0-9]+$/.test(len)) return undefined;
  const prefix = Number(len);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ip, prefix };
}

/**
 * Parses a net as policy rules and network sets accept it: a CIDR, or a bare address standing
 * for its /32 (IPv4) or /128 (IPv6) net.
 */
export function parseNet(s: string): ParsedCidr | undefined {
  return parseCidr(s.includes('/') ? s : s.includes(':') ? `${s}/128` : `${s}/32`);
}

/** True when every address of `inner` lies in `outer` (same family). */
export function cidrWithin(inner: ParsedCidr, outer: ParsedCidr): boolean {
  return inner.ip.family === outer.ip.family && outer.prefix <= inner.prefix && cidrContains(outer, inner.ip);
}

/** True when two CIDRs share an address (for CIDRs, one then holds the other). */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** True when every bit after the prefix is zero (`10.0.0.0/8`, not `10.0.0.1/8`). */
export function isMasked(c: ParsedCidr): boolean {
  const bytes = c.ip.bytes;
  for (let bit = c.prefix; bit < bytes.length * 8; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return false;
  }
  return true;
}

/** The network address of a CIDR (host bits cleared), in the same textual family. */
export function maskedBytes(c: ParsedCidr): number[] {
  const bytes = c.ip.bytes;
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bitsInByte = c.prefix - i * 8;
    out[i] = bitsInByte >= 8 ? bytes[i]! : bitsInByte <= 0 ? 0 : bytes[i]! & ((0xff << (8 - bitsInByte)) & 0xff);
  }
  return out;
}

/** True when `ip` (same byte length) lies inside `c`. */
export function cidrContains(c: ParsedCidr, ip: ParsedIp): boolean {
  const net = c.ip.bytes;
  const bytes = ip.bytes;
  if (bytes.length !== net.length) return false;
  // Only the first `prefix` bits are compared, and masking clears none of them: whole bytes
  // first, then the leading bits of the last one.
  const whole = c.prefix >> 3;
  for (let i = 0; i < whole; i++) if (net[i] !== bytes[i]) return false;
  const rest = c.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (net[whole]! & mask) === (bytes[whole]! & mask);
}

/** Formats a CIDR's network address the way Go prints `IPNet.String()`-style masked values. */
export function formatMasked(c: ParsedCidr): string {
  const b = maskedBytes(c);
  if (c.ip.family === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}/${c.prefix}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // Compress the longest run of two or more zero groups, as Go does.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text = bestStart === -1 ? hex.join(':') : `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  return `${text}/${c.prefix}`;
}
