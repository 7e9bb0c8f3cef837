/**
 * `invalid-interface-name`: an interface name or interface match that Calico's validator refuses.
 * Each field has its own allowed form (see go-names.ts): host endpoints and Wireguard take a
 * Linux interface name or `*`; BGP filter rules and BGP ignored interfaces allow `*` wildcards
 * (ignored interfaces not `*` alone); Felix interface filters allow a `+` prefix wildcard; BPF log
 * filter keys are plain names. All are at most 15 characters. When the CRD schema already limits a
 * field to 15 characters, an over-long value is left to the schema check.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { interfaceOk, interfaceRule, type InterfaceStyle } from './go-names';
import { keyAt, reportOn, select, shown, str } from './walk';

const CODE = 'invalid-interface-name';

interface Field {
  path: string;
  style: InterfaceStyle;
  /** The schema has `maxLength: 15`, so length is already reported there. */
  schemaMax?: boolean;
  /** Check the keys of this mapping instead of its values. */
  keys?: boolean;
}

const FILTER_RULES = ['exportV4', 'importV4', 'exportV6', 'importV6'].map((r): Field => ({ path: `spec.${r}[*].interface`, style: 'wildcard', schemaMax: true }));

const FIELDS: Record<string, readonly Field[]> = {
  HostEndpoint: [{ path: 'spec.interfaceName', style: 'interface', schemaMax: true }],
  FelixConfiguration: [
    { path: 'spec.wireguardInterfaceName', style: 'interface' },
    { path: 'spec.wireguardInterfaceNameV6', style: 'interface' },
    { path: 'spec.iptablesNATOutgoingInterfaceFilter', style: 'filter' },
    { path: 'spec.bpfForceTrackPacketsFromIfaces[*]', style: 'filter' },
    { path: 'spec.bpfLogFilters', style: 'plain', keys: true },
  ],
  BGPConfiguration: [{ path: 'spec.ignoredInterfaces[*]', style: 'ignored' }],
  BGPFilter: FILTER_RULES,
};

function check(ctx: ResourceContext): void {
  for (const f of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, f.path)) {
      if (f.keys) {
        if (hit.node.kind !== 'map') continue;
        for (const p of hit.node.pairs) {
          const key = p.keyText;
          if (key === null || interfaceOk(key, f.style)) continue;
          ctx.report(CODE, { ...keyAt(p), message: `${shown(key)} is not an interface name; use ${interfaceRule(f.style)}.`, data: { field: `${hit.path}.${key}`, style: f.style } });
        }
        continue;
      }
      const value = str(hit.node);
      if (value === undefined || value === '' || interfaceOk(value, f.style)) continue;
      // An over-long but otherwise well-formed name is the schema's maxLength finding.
      if (f.schemaMax && value.length > 15 && interfaceOk(value.slice(0, 15), f.style)) continue;
      reportOn(ctx, CODE, hit.node, `${shown(value)} is not accepted here; use ${interfaceRule(f.style)}.`, { data: { field: hit.path, style: f.style } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'An interface name or interface pattern in a form Calico does not accept.',
  kinds: Object.keys(FIELDS),
  check,
};
