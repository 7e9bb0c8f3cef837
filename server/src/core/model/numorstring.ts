/**
 * Calico's int-or-string value types for policy rules, decoded and judged exactly as Calico does:
 * `numorstring.Port` (rule `ports`/`notPorts` entries) and `numorstring.Protocol` (`protocol`,
 * `notProtocol`).
 *
 * Calico first decodes the JSON value into a Go struct (a failure there rejects the whole
 * resource), then its validator judges the decoded value. Both stages are reproduced here and told
 * apart by `PortError.layer` / `ProtocolError.layer`, because callers need the decoded value even
 * when the validator refuses it (a port `0` is still a numeric port for the "ports need a protocol"
 * rule).
 *
 * - Port, JSON number: must fit 16 bits unsigned (0–65535) and be a whole number; `0` decodes but the
 *   validator refuses it.
 * - Port, JSON string: all digits → one port (16 bits); `<digits>:<digits>` → a range whose ends fit
 *   16 bits and are in order; anything else → a named port matching `^[a-zA-Z0-9_.-]{1,128}$`.
 *   The validator then wants ports ≥ 1 and names that are IANA service names.
 * - Protocol, JSON number: must fit 8 bits unsigned; JSON string: digits that fit 8 bits become a
 *   number (so `"6"` is protocol 6), any other text stays a name, kept as written (no case folding).
 *   The validator refuses `0` and names other than `TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP`, `UDPLite`.
 *
 * Values whose JSON type is neither number nor string (or a number that is not whole and so fails
 * the schema's `integer` branch) are the schema layer's business: they come back with
 * `layer: 'type'` and callers should not report them again.
 *
 * Invariant: pure functions of the node; never throw.
 */
import type { YNode } from '../yaml/tree';
import { portNameProblems } from '../util/k8s-names';
import { quoteValue } from '../util/strings';

/** A decoded rule port: a number or range (`min === max` for a single port), or a named port. */
export type PortValue = { kind: 'number'; min: number; max: number } | { kind: 'named'; name: string };

export interface PortError {
  kind: 'error';
  /**
   * `decode`: Calico cannot even read the value; `validator`: it reads it (see `value`) but its
   * validator refuses it; `type`: not a number or string at all (the schema reports that).
   */
  layer: 'decode' | 'validator' | 'type';
  /** Our explanation, a sentence fragment such as "port 0 is not allowed". */
  message: string;
  /** The decoded value, for `validator` errors. */
  value?: PortValue;
}

/** The six protocol names Calico accepts, with their IP protocol numbers. Case-sensitive. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  TCP: 6,
  UDP: 17,
  ICMP: 1,
  ICMPv6: 58,
  SCTP: 132,
  UDPLite: 136,
});

/**
 * A decoded protocol: a number (from a JSON number or a numeric string), or a name kept exactly as
 * written. `number` is also set for the six known names.
 */
export type ProtocolValue = { kind: 'number'; number: number; quoted: boolean } | { kind: 'name'; name: string; number?: number };

export interface ProtocolError {
  kind: 'error';
  layer: 'decode' | 'validator' | 'type';
  message: string;
  value?: ProtocolValue;
}

const ALL_DIGITS = /^[0-9]+$/;
const PORT_RANGE = /^([0-9]+):([0-9]+)$/;
const PORT_NAME_DECODE = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Parses a decimal string as Go's `strconv.ParseUint(s, 10, bits)` would, or undefined. */
function parseUintBits(s: string, bits: number): number | undefined {
  if (!ALL_DIGITS.test(s)) return undefined;
  const max = 2 ** bits - 1;
  // Leading zeros are fine for ParseUint; compare as a number only once the length is sane.
  const trimmed = s.replace(/^0+(?=.)/, '');
  if (trimmed.length > 20) return undefined;
  const n = Number(trimmed);
  return n <= max ? n : undefined;
}

function numberOf(node: YNode): { n: number } | { bad: 'type' } | undefined {
  if (node.kind !== 'scalar') return { bad: 'type' };
  if (node.type === 'integer' || node.type === 'float') {
    const n = node.value as number;
    // A fractional number fails the schema's integer/string choice. A whole float such as `80.0`
    // is fine: the YAML-to-JSON step re-prints it as `80` before Calico decodes it.
    if (!Number.isFinite(n) || !Number.isInteger(n)) return { bad: 'type' };
    return { n };
  }
  return undefined;
}

/** Decodes and judges one rule port entry. */
export function parsePort(node: YNode | null | undefined): PortValue | PortError {
  if (!node || node.kind !== 'scalar' || node.type === 'null' || node.type === 'boolean') {
    return { kind: 'error', layer: 'type', message: 'a port must be a number or a string' };
  }
  const num = numberOf(node);
  if (num && 'bad' in num) {
    return { kind: 'error', layer: num.bad, message: 'a port must be a whole number or a string' };
  }
  if (num) {
    if (num.n < 0 || num.n > 65535) return { kind: 'error', layer: 'decode', message: `port ${num.n} is outside 1–65535` };
    return judgePort({ kind: 'number', min: num.n, max: num.n });
  }
  const s = String(node.value);
  if (ALL_DIGITS.test(s)) {
    const n = parseUintBits(s, 16);
    if (n === undefined) return { kind: 'error', layer: 'decode', message: `port ${s} is outside 1–65535` };
    return judgePort({ kind: 'number', min: n, max: n });
  }
  const range = PORT_RANGE.exec(s);
  if (range) {
    const lo = parseUintBits(range[1]!, 16);
    if (lo === undefined) return { kind: 'error', layer: 'decode', message: `the first port of the range ${s} is outside 1–65535` };
    const hi = parseUintBits(range[2]!, 16);
    if (hi === undefined) return { kind: 'error', layer: 'decode', message: `the last port of the range ${s} is outside 1–65535` };
    if (lo > hi) return { kind: 'error', layer: 'decode', message: `the range ${s} is reversed; write the lower port first (${hi}:${lo})` };
    return judgePort({ kind: 'number', min: lo, max: hi });
  }
  if (!PORT_NAME_DECODE.test(s)) {
    const why = s === '' ? 'an empty string is not a port' : s.includes(':') ? `${quoteValue(s)} is neither a port, a 'min:max' range of ports, nor a port name` : `${quoteValue(s)} is not a port number, range or valid port name`;
    return { kind: 'error', layer: 'decode', message: why };
  }
  return judgePort({ kind: 'named', name: s });
}

/** The validator's judgement of a decoded port. */
function judgePort(value: PortValue): PortValue | PortError {
  if (value.kind === 'number') {
    if (value.min < 1 || value.max < 1) return { kind: 'error', layer: 'validator', message: 'port 0 is not allowed; ports are 1–65535', value };
    return value;
  }
  const problems = portNameProblems(value.name);
  if (problems.length > 0) {
    return { kind: 'error', layer: 'validator', message: `the port name ${quoteValue(value.name)} ${problems[0]} (port names follow the IANA service-name rules)`, value };
  }
  return value;
}

/** The decoded value of a port result, if Calico could decode it at all. */
export function decodedPort(r: PortValue | PortError): PortValue | undefined {
  return r.kind === 'error' ? r.value : r;
}

/** Decodes and judges a `protocol` / `notProtocol` value. */
export function parseProtocol(node: YNode | null | undefined): ProtocolValue | ProtocolError {
  if (!node || node.kind !== 'scalar' || node.type === 'null' || node.type === 'boolean') {
    return { kind: 'error', layer: 'type', message: 'a protocol must be a number or a name' };
  }
  const num = numberOf(node);
  if (num && 'bad' in num) {
    return { kind: 'error', layer: num.bad, message: 'a protocol must be a whole number or a name' };
  }
  if (num) {
    if (num.n < 0 || num.n > 255) return { kind: 'error', layer: 'decode', message: `protocol number ${num.n} is outside 1–255` };
    return judgeProtocol({ kind: 'number', number: num.n, quoted: false });
  }
  const s = String(node.value);
  const n = parseUintBits(s, 8);
  if (n !== undefined) return judgeProtocol({ kind: 'number', number: n, quoted: true });
  const known = PROTOCOL_NUMBERS[s];
  return judgeProtocol(known === undefined ? { kind: 'name', name: s } : { kind: 'name', name: s, number: known });
}

function judgeProtocol(value: ProtocolValue): ProtocolValue | ProtocolError {
  if (value.kind === 'number') {
    if (value.number === 0) return { kind: 'error', layer: 'validator', message: 'protocol 0 is not allowed; protocol numbers are 1–255', value };
    return value;
  }
  if (value.number === undefined) {
    const folded = Object.keys(PROTOCOL_NUMBERS).find((k) => k.toLowerCase() === value.name.toLowerCase());
    const hint = folded ? ` Protocol names are case-sensitive: write '${folded}'.` : '';
    return { kind: 'error', layer: 'validator', message: `${quoteValue(value.name)} is not a protocol Calico knows; use TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1–255.${hint}`, value };
  }
  return value;
}

/** The decoded value of a protocol result, if Calico could decode it at all. */
export function decodedProtocol(r: ProtocolValue | ProtocolError): ProtocolValue | undefined {
  return r.kind === 'error' ? r.value : r;
}

/**
 * Whether Calico lets a rule with this protocol match on ports: TCP, UDP and SCTP by name (Calico
 * also accepts the lower-case spellings here, though the validator refuses them as protocol names)
 * or the numbers 6, 17 and 132. UDPLite (136) does not count.
 */
export function supportsPorts(p: ProtocolValue): boolean {
  if (p.kind === 'number') return p.number === 6 || p.number === 17 || p.number === 132;
  return ['TCP', 'UDP', 'SCTP', 'tcp', 'udp', 'sctp'].includes(p.name);
}

/**
 * Whether the protocol equals `name` or `number` the way the CRDs' CEL rules compare it. Calico
 * re-encodes a numeric string as a JSON number before the CEL rules run, so `"6"` counts as 6; a
 * name is compared as text, so `tcp` is not `TCP`.
 */
export function protocolIs(p: ProtocolValue, name: string, number: number): boolean {
  return p.kind === 'number' ? p.number === number : p.name === name;
}

/** A short display form of a decoded protocol, for messages. */
export function showProtocol(p: ProtocolValue): string {
  return p.kind === 'number' ? String(p.number) : p.name;
}
