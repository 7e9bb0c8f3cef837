/**
 * The Kubernetes name and label syntax rules that Calico (and the Kubernetes API server) apply to
 * object names, label keys and values, annotation keys and IANA service (port) names.
 *
 * Each check returns a list of problems in our own words (empty when the value is fine), so callers
 * can either test validity or explain it. Lengths are counted in bytes of the UTF-8 encoding, as Go's
 * `len()` does; every pattern here is ASCII-only, so a value with non-ASCII characters fails its
 * pattern anyway and the byte count only matters for the messages and the annotation size limit.
 *
 * Invariant: pure functions of their string argument; never throw.
 */

// Kubernetes' patterns (k8s.io/apimachinery/pkg/util/validation). They are ASCII-only, so
// JavaScript reads them exactly as Go does; they are literals so that the regular-expression
// review (test/unit/regex-review.test.ts) can check that they run in linear time.
/** One DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric. */
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: labels joined by dots, with no limit on each label's length. */
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const QUALIFIED_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;
export const PORT_NAME_MAX = 15;

/** Number of bytes in the UTF-8 encoding of `s` (lone surrogates count as the 3 bytes Go writes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** True when `s` matches the DNS-1123 label pattern (the length is not checked). */
export function matchesDns1123Label(s: string): boolean {
  return DNS1123_LABEL_RE.test(s);
}

/** True when `s` matches the DNS-1123 subdomain pattern (the length is not checked). */
export function matchesDns1123Subdomain(s: string): boolean {
  return DNS1123_SUBDOMAIN_RE.test(s);
}

/** Problems with `s` as a DNS-1123 subdomain (at most 253 bytes), as Kubernetes checks it. */
export function dns1123SubdomainProblems(s: string): string[] {
  const out: string[] = [];
  const len = utf8Length(s);
  if (len > DNS1123_SUBDOMAIN_MAX) out.push(`is ${len} characters long; the limit is ${DNS1123_SUBDOMAIN_MAX}`);
  if (!DNS1123_SUBDOMAIN_RE.test(s)) out.push(s === '' ? 'is empty' : 'must be lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
  return out;
}

/** Problems with `s` as a DNS-1123 label (at most 63 bytes, no dots). */
export function dns1123LabelProblems(s: string): string[] {
  const out: string[] = [];
  const len = utf8Length(s);
  if (len > DNS1123_LABEL_MAX) out.push(`is ${len} characters long; the limit is ${DNS1123_LABEL_MAX}`);
  if (!DNS1123_LABEL_RE.test(s)) out.push(s === '' ? 'is empty' : 'must be lower-case letters, digits and \'-\', starting and ending with a letter or digit (no dots)');
  return out;
}

/**
 * Problems with `s` as a Kubernetes qualified name (label keys, annotation keys): an optional
 * DNS-1123 subdomain prefix and '/', then a name of at most 63 characters made of alphanumerics,
 * '-', '_' and '.', starting and ending alphanumeric.
 */
export function qualifiedNameProblems(s: string): string[] {
  const out: string[] = [];
  const parts = s.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') out.push('has an empty prefix before \'/\'');
    else for (const p of dns1123SubdomainProblems(prefix)) out.push(`has a prefix that ${p}`);
  } else {
    return ['may contain at most one \'/\' (an optional DNS subdomain prefix, then the name)'];
  }
  if (name === '') {
    out.push('has an empty name part');
    return out;
  }
  const len = utf8Length(name);
  if (len > QUALIFIED_NAME_MAX) out.push(`has a name part of ${len} characters; the limit is ${QUALIFIED_NAME_MAX}`);
  if (!QUALIFIED_NAME_RE.test(name)) out.push('has a name part that must be letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
  return out;
}

/** Problems with `s` as a label value: empty, or at most 63 characters of the qualified-name set. */
export function labelValueProblems(s: string): string[] {
  const out: string[] = [];
  const len = utf8Length(s);
  if (len > LABEL_VALUE_MAX) out.push(`is ${len} characters long; the limit is ${LABEL_VALUE_MAX}`);
  if (!LABEL_VALUE_RE.test(s)) out.push('must be empty or letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
  return out;
}

/**
 * Problems with `s` as an IANA service name, which is what Kubernetes (and Calico, for named ports)
 * accepts as a port name: 1–15 characters of `a-z`, `0-9` and '-', at least one letter, no '-' at
 * either end and no '--'.
 */
export function portNameProblems(s: string): string[] {
  const out: string[] = [];
  if (s.length > PORT_NAME_MAX) out.push(`is ${s.length} characters long; the limit is ${PORT_NAME_MAX}`);
  if (!/^[-a-z0-9]+$/.test(s)) out.push('may only contain lower-case letters, digits and \'-\'');
  if (!/[a-z]/.test(s)) out.push('must contain at least one letter');
  if (s.includes('--')) out.push('must not contain \'--\'');
  if (s.length > 0 && (s[0] === '-' || s[s.length - 1] === '-')) out.push('must not start or end with \'-\'');
  return out;
}
