/**
 * The name and identifier formats Calico's validator enforces, as predicates that return the first
 * problem in our own words (or undefined when the value is accepted).
 *
 * Facts reproduced from Calico and Kubernetes: resource names are DNS-1123 subdomains
 * (`[a-z0-9]([-a-z0-9]*[a-z0-9])?` labels joined by dots); interface names are 1–15 characters of
 * `[a-zA-Z0-9_.-]` (some fields also allow `*` as a wildcard, `+` and `:` for prefix filters);
 * port names, labels and qualified names are in util/k8s-names.ts.
 *
 * Invariant: pure predicates on strings; no length check is done here unless Calico does it too.
 */

import { DNS1123_LABEL_MAX, matchesDns1123Label, matchesDns1123Subdomain } from '../../util/k8s-names';

/** Calico's `name` validator (a DNS-1123 subdomain, without a length limit). */
export function nameProblem(s: string): string | undefined {
  if (matchesDns1123Subdomain(s)) return undefined;
  if (s === '') return 'it is empty';
  if (/[A-Z]/.test(s)) return 'it contains upper-case letters';
  return "names may only use lower-case letters, digits, '-' and '.', and each dot-separated part must start and end with a letter or digit";
}

/** A DNS-1123 label of at most 63 characters. */
export function isDnsLabel(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && matchesDns1123Label(s);
}

const IFACE = /^[a-zA-Z0-9_.-]{1,15}$/;
const IFACE_WILD = /^[a-zA-Z0-9_.*-]{1,15}$/;
const IFACE_FILTER = /^[a-zA-Z0-9:._+-]{1,15}$/;

export type InterfaceStyle =
  /** `*`, or 1–15 of `[a-zA-Z0-9_.-]` (HostEndpoint, Wireguard). */
  | 'interface'
  /** 1–15 of `[a-zA-Z0-9_.-]`, no wildcard (BPF log filter keys). */
  | 'plain'
  /** `*` or 1–15 of `[a-zA-Z0-9_.*-]` (BGPFilter rules). */
  | 'wildcard'
  /** 1–15 of `[a-zA-Z0-9_.*-]` but not `*` alone (BGP ignored interfaces). */
  | 'ignored'
  /** 1–15 of `[a-zA-Z0-9:._+-]`, `+` being a prefix wildcard (Felix interface filters). */
  | 'filter';

/** Whether `s` is accepted as an interface name in the given style. */
export function interfaceOk(s: string, style: InterfaceStyle): boolean {
  switch (style) {
    case 'interface':
      return s === '*' || IFACE.test(s);
    case 'plain':
      return IFACE.test(s);
    case 'wildcard':
      return s === '*' || IFACE_WILD.test(s);
    case 'ignored':
      return s !== '*' && IFACE_WILD.test(s);
    case 'filter':
      return IFACE_FILTER.test(s);
  }
}

/** What an interface-name style allows, for messages. */
export function interfaceRule(style: InterfaceStyle): string {
  switch (style) {
    case 'interface':
      return "'*' or 1 to 15 letters, digits, '_', '.' or '-'";
    case 'plain':
      return "1 to 15 letters, digits, '_', '.' or '-'";
    case 'wildcard':
      return "1 to 15 letters, digits, '_', '.', '-' or '*' wildcards";
    case 'ignored':
      return "1 to 15 letters, digits, '_', '.', '-' or '*' wildcards (but not '*' on its own)";
    case 'filter':
      return "1 to 15 letters, digits, ':', '.', '_', '-' or '+' (a trailing '+' matches any suffix)";
  }
}
