/**
 * Recognises the conntrack configuration shapes we check outside Calico's own resources, and reads
 * them into a model whose every value carries its exact span in the YAML document:
 * - Terway: `ConfigMap` `eni-config` in namespace `kube-system`, keys `10-terway.conf` /
 *   `10-terway.conflist` (a JSON CNI configuration whose `cilium_args` string holds agent flags);
 * - Cilium: `ConfigMap` `cilium-config` (any namespace), whose keys are agent options;
 * - conntrack-cleaner: a `DaemonSet` or `Deployment` container whose `env` names
 *   `CONNTRACK_TABLE_DUMP_FREQUENCY` or `CONNECTION_RENEWAL_THRESHOLD`.
 * Anything else is not recognised, and so gets no diagnostic from this family.
 *
 * Invariants: spans are relative to the document text the nodes come from; values inside block
 * scalars and JSON strings are mapped through `yaml/scalar-offsets.ts` and `jsonStringOffsets`, so CRLF
 * line ends and indentation are accounted for; one pass over the resource; never throws.
 */
import type { Span } from '../types';
import { getPair, getString, getValue, type YMap, type YNode, type YScalar } from '../yaml/tree';
import { scalarValueSpan } from '../yaml/scalar-offsets';
import { quoteValue } from '../util/strings';
import { jsonProperty, jsonStringOffsets, parseCiliumArgs, parseJson, type JsonNode } from './terway';

export type ConntrackShape = 'terway' | 'cilium-config' | 'conntrack-cleaner';

/** One agent option as written: a `cilium_args` flag or a `cilium-config` key. */
export interface OptionSetting {
  name: string;
  nameSpan: Span;
  /** The value text; undefined when none is written (`--flag` alone) or it is not a YAML string. */
  value?: string;
  valueSpan: Span;
  /** The whole flag or the key through its value. */
  span: Span;
  /** A `cilium-config` value that is not a YAML string (Kubernetes refuses it in `data`). */
  nonStringValue?: YNode;
  /** `--name value` inside one Terway argument: the name and value proper. */
  separated?: { name: string; value: string; nameSpan: Span; valueSpan: Span };
}

export interface CiliumSettings {
  source: 'cilium_args' | 'cilium-config';
  options: OptionSetting[];
}

export interface CleanerVar {
  name: 'CONNTRACK_TABLE_DUMP_FREQUENCY' | 'CONNECTION_RENEWAL_THRESHOLD';
  nameSpan: Span;
  /** The env value when it is a YAML string; '' when `value` is absent (the variable is then empty). */
  value?: string;
  valueSpan?: Span;
  /** Set from `valueFrom`: unknown until run time. */
  fromRef?: boolean;
}

/** A structural problem found while reading the shape (reported by the rule that owns `code`). */
export interface ShapeProblem {
  code: 'terway-config-json' | 'conntrack-value-not-string';
  span: Span;
  /** What is wrong, in our words, without the leading subject. */
  detail: string;
  data: Record<string, unknown>;
}

export interface ConntrackModel {
  shape: ConntrackShape;
  cilium: CiliumSettings[];
  cleaner: CleanerVar[];
  problems: ShapeProblem[];
}

export const CLEANER_VARS: ReadonlySet<string> = new Set(['CONNTRACK_TABLE_DUMP_FREQUENCY', 'CONNECTION_RENEWAL_THRESHOLD']);
export const TERWAY_KEYS: readonly string[] = ['10-terway.conf', '10-terway.conflist'];

/** Which shape a resource is, or undefined when it is none of ours. */
export function shapeOf(node: YMap): ConntrackShape | undefined {
  const kind = getString(node, 'kind');
  const apiVersion = getString(node, 'apiVersion');
  if (kind === 'ConfigMap' && apiVersion === 'v1') {
    const meta = getValue(node, 'metadata');
    const name = getString(meta, 'name');
    if (name === 'eni-config' && getString(meta, 'namespace') === 'kube-system') return 'terway';
    if (name === 'cilium-config') return 'cilium-config';
    return undefined;
  }
  if ((kind === 'DaemonSet' || kind === 'Deployment') && apiVersion !== undefined && (apiVersion.startsWith('apps/') || apiVersion.startsWith('extensions/'))) {
    for (const c of containersOf(node)) if (cleanerEnv(c).length > 0) return 'conntrack-cleaner';
  }
  return undefined;
}

function containersOf(node: YMap): YMap[] {
  const pod = getValue(getValue(getValue(node, 'spec'), 'template'), 'spec');
  const out: YMap[] = [];
  for (const key of ['initContainers', 'containers']) {
    const list = getValue(pod, key);
    if (list?.kind !== 'seq') continue;
    for (const c of list.items) if (c.kind === 'map') out.push(c);
  }
  return out;
}

function cleanerEnv(container: YMap): YMap[] {
  const env = getValue(container, 'env');
  if (env?.kind !== 'seq') return [];
  const out: YMap[] = [];
  for (const e of env.items) {
    if (e.kind !== 'map') continue;
    const name = getString(e, 'name');
    if (name !== undefined && CLEANER_VARS.has(name)) out.push(e);
  }
  return out;
}

function isStringScalar(n: YNode | null | undefined): boolean {
  return !!n && n.kind === 'scalar' && n.type === 'string';
}

function isNull(n: YNode): boolean {
  return n.kind === 'scalar' && n.type === 'null';
}

function describeYaml(n: YNode): string {
  if (n.kind === 'map') return 'a mapping';
  if (n.kind === 'seq') return 'a list';
  if (n.type === 'integer' || n.type === 'float') return `the number ${quoteValue(n.text).slice(1, -1)}`;
  if (n.type === 'boolean') return `the boolean ${quoteValue(n.text).slice(1, -1)}`;
  if (n.type === 'null') return 'null';
  return 'a string';
}

function nonString(n: YNode, where: string, out: ShapeProblem[]): void {
  out.push({
    code: 'conntrack-value-not-string',
    span: { start: n.start, end: n.end },
    detail: `${where} is ${describeYaml(n)}, not a string`,
    data: { yamlType: n.kind === 'scalar' ? n.type : n.kind },
  });
}

/** Reads a recognised resource into the model. */
export function readModel(node: YMap, shape: ConntrackShape, text: string): ConntrackModel {
  const model: ConntrackModel = { shape, cilium: [], cleaner: [], problems: [] };
  if (shape === 'conntrack-cleaner') readCleaner(node, model);
  else if (shape === 'cilium-config') readCiliumConfig(node, model);
  else readTerway(node, text, model);
  return model;
}

function readCleaner(node: YMap, model: ConntrackModel): void {
  for (const c of containersOf(node)) {
    for (const e of cleanerEnv(c)) {
      const namePair = getPair(e, 'name')!;
      const nameNode = namePair.value!;
      const v = getPair(e, 'value');
      const entry: CleanerVar = { name: getString(e, 'name') as CleanerVar['name'], nameSpan: { start: nameNode.start, end: nameNode.end } };
      if (!v || !v.value || (v.value.kind === 'scalar' && v.value.type === 'null')) {
        if (getValue(e, 'valueFrom')) entry.fromRef = true;
        else entry.value = '';
      } else if (isStringScalar(v.value)) {
        entry.value = (v.value as YScalar).value as string;
        entry.valueSpan = { start: v.value.start, end: v.value.end };
      } else {
        nonString(v.value, `The value of ${entry.name}`, model.problems);
        continue;
      }
      model.cleaner.push(entry);
    }
  }
}

function readCiliumConfig(node: YMap, model: ConntrackModel): void {
  const data = getValue(node, 'data');
  if (data?.kind !== 'map') return;
  const settings: CiliumSettings = { source: 'cilium-config', options: [] };
  for (const p of data.pairs) {
    if (p.keyText === null || !p.value) continue;
    const opt: OptionSetting = {
      name: p.keyText,
      nameSpan: { start: p.key.start, end: p.key.end },
      valueSpan: { start: p.value.start, end: p.value.end },
      span: { start: p.key.start, end: p.value.end },
    };
    if (isStringScalar(p.value)) opt.value = (p.value as YScalar).value as string;
    else if (!isNull(p.value)) {
      // Only our options are our business: the rules report this for the conntrack options only.
      opt.nonStringValue = p.value;
    }
    settings.options.push(opt);
  }
  model.cilium.push(settings);
}

function readTerway(node: YMap, text: string, model: ConntrackModel): void {
  const data = getValue(node, 'data');
  if (data?.kind !== 'map') return;
  for (const key of TERWAY_KEYS) {
    const pair = getPair(data, key);
    if (!pair || !pair.value) continue;
    if (!isStringScalar(pair.value)) {
      if (!isNull(pair.value)) nonString(pair.value, `The value of '${key}'`, model.problems);
      continue;
    }
    const v = pair.value as YScalar;
    const json = v.value as string;
    const parsed = parseJson(json);
    if (parsed.error) {
      const span = scalarValueSpan(text, v, parsed.error.offset, parsed.error.offset + Math.max(1, parsed.error.length));
      model.problems.push({ code: 'terway-config-json', span, detail: `'${key}' is not valid JSON: ${parsed.error.message}`, data: { key, reason: 'syntax' } });
      continue;
    }
    const root = parsed.root;
    if (!root || root.type !== 'object') {
      model.problems.push({ code: 'terway-config-json', span: { start: v.start, end: v.end }, detail: `'${key}' must be a JSON object`, data: { key, reason: 'not-object' } });
      continue;
    }
    const holders: JsonNode[] = [root];
    const plugins = jsonProperty(root, 'plugins')?.value;
    if (plugins?.type === 'array') {
      for (const pl of plugins.children ?? []) if (pl.type === 'object' && jsonProperty(pl, 'type')?.value?.value === 'terway') holders.push(pl);
    }
    for (const h of holders) {
      const prop = jsonProperty(h, 'cilium_args');
      if (!prop || !prop.value) continue;
      const lit = prop.value;
      if (lit.type !== 'string') {
        const span = scalarValueSpan(text, v, lit.offset, lit.offset + lit.length);
        model.problems.push({ code: 'terway-config-json', span, detail: `'cilium_args' in '${key}' must be a JSON string of agent flags, not ${lit.type === 'null' ? 'null' : lit.type === 'array' || lit.type === 'object' ? `an ${lit.type}` : `a ${lit.type}`}`, data: { key, reason: 'cilium-args-type' } });
        continue;
      }
      model.cilium.push({ source: 'cilium_args', options: argsOptions(text, v, json, lit) });
    }
  }
}

function argsOptions(text: string, scalar: YScalar, json: string, lit: JsonNode): OptionSetting[] {
  const value = lit.value as string;
  const offsets = jsonStringOffsets(json, lit);
  const at = (from: number, to: number): Span => {
    const a = offsets[Math.min(from, offsets.length - 1)]!;
    const b = offsets[Math.min(to, offsets.length - 1)]!;
    return scalarValueSpan(text, scalar, a, Math.max(b, a + (to > from ? 1 : 0)));
  };
  const out: OptionSetting[] = [];
  for (const f of parseCiliumArgs(value)) {
    const opt: OptionSetting = {
      name: f.name,
      nameSpan: at(f.nameStart, f.nameEnd),
      valueSpan: f.value !== undefined ? at(f.valueStart, f.valueEnd) : at(f.nameStart, f.nameEnd),
      span: at(f.start, f.end),
    };
    if (f.value !== undefined) opt.value = f.value;
    if (f.separated) {
      opt.separated = {
        name: f.separated.name,
        value: f.separated.value,
        nameSpan: at(f.nameStart, f.separated.nameEnd),
        valueSpan: at(f.separated.valueStart, f.separated.valueEnd),
      };
    }
    out.push(opt);
  }
  return out;
}
