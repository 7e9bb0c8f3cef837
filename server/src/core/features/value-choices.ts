/**
 * The values completion offers for a field: what the schema enumerates (for a field, or for the
 * items of a list field), `true`/`false` for booleans, the kinds and API versions of the edition, and for the
 * int-or-string `protocol` fields (whose schema says only "integer or string") the protocol names
 * Calico accepts, each with a line of documentation.
 *
 * Invariant: pure lookups in the committed schemas and the tables below; no text is scanned here.
 * The protocol names and numbers are Calico's (api/pkg/lib/numorstring/protocol.go, and the
 * validator's list in libcalico-go/lib/validator/v3/validator.go); the sentences are ours.
 */
import { apiVersionOf, DEFAULT_EDITION, kindsOf, type Edition } from '../schema/catalog';
import { schemaAt, type Schema } from '../schema/lookup';
import { PROTOCOL_NUMBERS } from '../model/numorstring';

export interface ValueChoice {
  value: string;
  /** Markdown shown next to the item. */
  documentation?: string;
}

const NUMBERS_NOTE = 'Any IP protocol number 1–255 is accepted too (6 = TCP, 17 = UDP, 1 = ICMP, 58 = ICMPv6, 132 = SCTP, 136 = UDPLite).';

const PROTOCOL_DOCS: Readonly<Record<string, string>> = {
  TCP: 'TCP, IP protocol 6. Rules may match `ports` with it.',
  UDP: 'UDP, IP protocol 17. Rules may match `ports` with it.',
  ICMP: 'ICMP for IPv4, IP protocol 1. Match message types with `icmp` / `notICMP`; ICMP has no ports.',
  ICMPv6: 'ICMP for IPv6, IP protocol 58. Match message types with `icmp` / `notICMP`; it has no ports.',
  SCTP: 'SCTP, IP protocol 132. Rules may match `ports` with it.',
  UDPLite: 'UDP-Lite, IP protocol 136, a UDP variant with partial checksums. Calico accepts `ports` only with TCP, UDP and SCTP.',
};

/** The protocols a HostEndpoint named port may use: those that carry ports. */
const ENDPOINT_PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const POLICY_KINDS = new Set(['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy']);

function protocolChoices(names: readonly string[]): ValueChoice[] {
  return names.map((n) => ({ value: n, documentation: `${PROTOCOL_DOCS[n] ?? ''} ${NUMBERS_NOTE}`.trim() }));
}

/**
 * Which protocol list applies at `path` (the field's own path, ending with its key), if the field
 * is a Calico protocol: a policy rule's `protocol`/`notProtocol`, or a HostEndpoint port's.
 */
function protocolField(kind: string, path: ReadonlyArray<string | number>): readonly string[] | undefined {
  const key = path[path.length - 1];
  if (key !== 'protocol' && key !== 'notProtocol') return undefined;
  if (POLICY_KINDS.has(kind) && path.length === 4 && path[0] === 'spec' && (path[1] === 'ingress' || path[1] === 'egress')) return Object.keys(PROTOCOL_NUMBERS);
  if (kind === 'HostEndpoint' && key === 'protocol' && path.length === 4 && path[0] === 'spec' && path[1] === 'ports') return ENDPOINT_PORT_PROTOCOLS;
  return undefined;
}

function isBoolean(s: Schema): boolean {
  const t = s['type'];
  return t === 'boolean' || (Array.isArray(t) && t.includes('boolean'));
}

/** Values for a scalar written after `key: `; `path` is the field's path (ending with the key). */
export function scalarChoices(kind: string | undefined, path: ReadonlyArray<string | number>, edition: Edition = DEFAULT_EDITION): ValueChoice[] {
  if (path.length === 1 && path[0] === 'apiVersion') return [...new Set(kindsOf(edition).map(apiVersionOf))].map((value) => ({ value }));
  if (path.length === 1 && path[0] === 'kind') return kindsOf(edition).map((k) => ({ value: k.kind }));
  if (!kind) return [];
  const protocols = protocolField(kind, path);
  if (protocols) return protocolChoices(protocols);
  const schema = schemaAt(kind, path, edition);
  if (!schema) return [];
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => ({ value: String(v) }));
  if (isBoolean(schema)) return [{ value: 'true' }, { value: 'false' }];
  return [];
}

/**
 * Values for an item of the list at `listPath` (the list field's path): its items' enum
 * (`types`: Ingress, Egress), or booleans. Undefined when the items are not a closed set, so the
 * caller can fall back to whatever else fits there (field names of object items).
 */
export function itemChoices(kind: string | undefined, listPath: ReadonlyArray<string | number>, edition: Edition = DEFAULT_EDITION): ValueChoice[] | undefined {
  if (!kind) return undefined;
  const list = schemaAt(kind, listPath, edition);
  if (!list) return undefined;
  const items = schemaAt(kind, [...listPath, 0], edition);
  if (!items || (list['type'] !== 'array' && !list['items'])) return undefined;
  if (Array.isArray(items['enum'])) return (items['enum'] as unknown[]).map((v) => ({ value: String(v) }));
  if (isBoolean(items)) return [{ value: 'true' }, { value: 'false' }];
  return undefined;
}
