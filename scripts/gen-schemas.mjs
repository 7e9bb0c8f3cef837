#!/usr/bin/env node
// Generates the project's own JSON Schemas (draft-07) for the projectcalico.org/v3 kinds from
// Calico's CRDs, plus the kind index, the combined schema for external tools and the CEL rules.
//
//   node scripts/gen-schemas.mjs [--edition oss|enterprise] [--crds DIR] [--out DIR] [--check]
//
//   --edition E  oss (default): Calico's open-source CRDs into schemas/;
//                enterprise: the Calico Enterprise/Cloud CRDs (tigera/api) into schemas/enterprise/
//   --crds DIR  folder with the *.yaml CRDs and their SOURCE.md (default ../shared/calico-crds,
//               or ../shared/calico-enterprise-crds for enterprise; relative to the repository root)
//   --out DIR   where to write (default schemas/ or schemas/enterprise/, relative to the repository root)
//   --check     write nothing; exit 1 if the files in --out differ from what would be generated
//
// Relative paths are resolved against the repository root, not the working directory, so the
// script behaves the same from anywhere. The output is committed: the product build reads only
// schemas/, never the CRD folder. docs/dev/schemas.md explains every transformation; in short:
// facts (types, enums, bounds, patterns, formats, defaults, required) are kept, Calico's prose
// (descriptions, CEL messages) is not, RE2 patterns are kept verbatim (the validator matches them with
// re2js, as Go would), unknown fields are
// rejected (additionalProperties: false), metadata gets our ObjectMeta schema, and CEL rules are
// moved to cel-rules.json. Anything in a CRD this script does not understand stops it with an
// error, so a CRD update cannot silently produce a weaker schema.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { RE2JS } from 're2js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ID_BASE = 'https://calico-policy-tools.invalid/schemas/';
const GROUP = 'projectcalico.org';
const VERSION = 'v3';
const API_VERSION = `${GROUP}/${VERSION}`;

/**
 * The two editions. Open source: projectcalico/calico's CRDs, all in projectcalico.org/v3. Calico
 * Enterprise/Cloud (tigera/api): the same group with more kinds and fields, plus two small groups
 * of its own (the WAF kinds of applicationlayer.projectcalico.org/v3 and usage.tigera.io/v1's
 * license usage report). Every kind name is unique across the groups, so kinds stay the key.
 */
const EDITIONS = {
  oss: {
    crds: '../shared/calico-crds',
    out: 'schemas',
    idBase: ID_BASE,
    repo: 'projectcalico/calico api/config/crd',
    repoName: 'projectcalico/calico',
    groups: { 'projectcalico.org': 'v3' },
    filePattern: /^projectcalico\.org_.*\.ya?ml$/,
    title: 'Calico projectcalico.org/v3 resources',
  },
  enterprise: {
    crds: '../shared/calico-enterprise-crds',
    out: 'schemas/enterprise',
    idBase: `${ID_BASE}enterprise/`,
    repo: 'tigera/api config/crd',
    repoName: 'tigera/api',
    groups: { 'projectcalico.org': 'v3', 'applicationlayer.projectcalico.org': 'v3', 'usage.tigera.io': 'v1' },
    filePattern: /^(?:projectcalico\.org|applicationlayer\.projectcalico\.org|usage\.tigera\.io)_.*\.ya?ml$/,
    title: 'Calico Enterprise / Calico Cloud resources',
  },
};

// Kubernetes extension keywords kept as keywords (the validator registers them with ajv).
const KEPT_K8S_KEYWORDS = new Set([
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
]);
// JSON-Schema keywords copied unchanged (after converting sub-schemas where they have any).
const COPIED = new Set(['type', 'enum', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
  'required', 'default']);
// Dropped on purpose: Calico's prose and documentation-only annotations.
const DROPPED = new Set(['description', 'title', 'example', 'externalDocs']);

// Output keyword order (readability only; keys not listed follow alphabetically).
const KEY_ORDER = ['$schema', '$id', '$comment', 'title', 'type', 'x-calico-object-meta', 'const', 'enum', 'format',
  'pattern', 'minLength', 'maxLength', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required', 'anyOf', 'allOf',
  'oneOf', 'not', 'if', 'then', 'else', 'properties', 'additionalProperties', 'items', 'default',
  'x-kubernetes-int-or-string', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields', 'definitions'];
// Keys whose values are maps from names to schemas or data: sorted alphabetically.
const NAME_MAPS = new Set(['properties', 'definitions']);

function parseArgs(argv) {
  const o = { edition: 'oss', crds: undefined, out: undefined, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--edition') {
      o.edition = next();
      if (!EDITIONS[o.edition]) throw new Error(`--edition must be oss or enterprise (got ${o.edition})`);
    } else if (a === '--crds') o.crds = next();
    else if (a === '--out') o.out = next();
    else if (a === '--check') o.check = true;
    else if (a === '-h' || a === '--help') {
      const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
      console.log(text.split('\n').slice(1, 10).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  o.crds = path.resolve(REPO_ROOT, o.crds ?? EDITIONS[o.edition].crds);
  o.out = path.resolve(REPO_ROOT, o.out ?? EDITIONS[o.edition].out);
  return o;
}

/** The CRDs' source commit, from SOURCE.md, so every schema can name what it was made from. */
function readSourceCommit(crdDir) {
  const file = path.join(crdDir, 'SOURCE.md');
  const text = fs.readFileSync(file, 'utf8');
  const m = /commit\s+`?([0-9a-f]{40})`?/.exec(text);
  if (!m) throw new Error(`${file}: no 40-hex commit found`);
  return m[1];
}

class GenError extends Error {}

/** Human-readable instance path: spec.ingress[*].source, spec.bpfLogFilters{*}. */
function joinInstance(base, prop) {
  return base === '' ? prop : `${base}.${prop}`;
}

function pointer(base, ...segs) {
  return base + segs.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Converts one CRD (OpenAPI v3 structural) schema node.
 * ctx: { kind, cel: [], formats: Set, patterns: Set }
 * at:  { schemaPath (JSON pointer into the converted schema), instancePath, where (CRD location) }
 */
function convert(node, ctx, at) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new GenError(`${at.where}: schema is not an object`);
  }
  const out = {};
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k)) continue;
    if (k === 'nullable') {
      if (typeof v !== 'boolean') throw new GenError(`${at.where}: nullable must be boolean`);
      continue; // handled below
    }
    if (k === 'x-kubernetes-validations') {
      if (!Array.isArray(v)) throw new GenError(`${at.where}: x-kubernetes-validations must be a list`);
      for (const r of v) {
        if (typeof r.rule !== 'string') throw new GenError(`${at.where}: CEL rule without rule text`);
        for (const rk of Object.keys(r)) {
          if (!['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'].includes(rk)) {
            throw new GenError(`${at.where}: unknown key ${rk} in x-kubernetes-validations`);
          }
        }
        // Facts only: the expression and its machine-readable attributes, never the message text.
        const entry = { kind: ctx.kind, schemaPath: at.schemaPath, instancePath: at.instancePath, rule: r.rule };
        if (r.fieldPath !== undefined) entry.fieldPath = r.fieldPath;
        if (r.reason !== undefined) entry.reason = r.reason;
        if (r.optionalOldSelf !== undefined) entry.optionalOldSelf = r.optionalOldSelf;
        ctx.cel.push(entry);
      }
      continue;
    }
    if (k === 'x-kubernetes-list-type') {
      if (!['atomic', 'set', 'map'].includes(v)) throw new GenError(`${at.where}: unknown list type ${v}`);
      out[k] = v;
      // Kubernetes rejects duplicate items in a set.
      if (v === 'set') out.uniqueItems = true;
      continue;
    }
    if (KEPT_K8S_KEYWORDS.has(k)) {
      out[k] = v;
      continue;
    }
    if (k.startsWith('x-kubernetes-')) throw new GenError(`${at.where}: unsupported keyword ${k}`);
    if (k === 'pattern') {
      if (typeof v !== 'string') throw new GenError(`${at.where}: pattern must be a string`);
      try {
        RE2JS.compile(v); // the API server compiles it with Go's regexp; so must we
      } catch (e) {
        throw new GenError(`${at.where}: pattern ${JSON.stringify(v)} is not valid RE2: ${e instanceof Error ? e.message : e}`);
      }
      out.pattern = v;
      ctx.patterns.add(v);
      continue;
    }
    if (k === 'format') {
      ctx.formats.add(v);
      out.format = v;
      continue;
    }
    if (k === 'properties') {
      out.properties = {};
      // Sorted, so the CEL rule order does not depend on the CRD's key order.
      for (const [pk, pv] of Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        out.properties[pk] = convert(pv, ctx, {
          schemaPath: pointer(at.schemaPath, 'properties', pk),
          instancePath: joinInstance(at.instancePath, pk),
          where: `${at.where}.${pk}`,
        });
      }
      continue;
    }
    if (k === 'items') {
      if (Array.isArray(v)) throw new GenError(`${at.where}: tuple items are not structural`);
      out.items = convert(v, ctx, { schemaPath: pointer(at.schemaPath, 'items'), instancePath: `${at.instancePath}[*]`, where: `${at.where}[*]` });
      continue;
    }
    if (k === 'additionalProperties') {
      out.additionalProperties = typeof v === 'boolean' ? v
        : convert(v, ctx, { schemaPath: pointer(at.schemaPath, 'additionalProperties'), instancePath: `${at.instancePath}{*}`, where: `${at.where}{*}` });
      continue;
    }
    if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      if (intOrString && k === 'anyOf') continue; // rebuilt below
      out[k] = v.map((x, i) => convert(x, ctx, { schemaPath: pointer(at.schemaPath, k, i), instancePath: at.instancePath, where: `${at.where}|${k}[${i}]` }));
      continue;
    }
    if (k === 'not') {
      out.not = convert(v, ctx, { schemaPath: pointer(at.schemaPath, 'not'), instancePath: at.instancePath, where: `${at.where}|not` });
      continue;
    }
    if (COPIED.has(k)) {
      out[k] = v;
      continue;
    }
    throw new GenError(`${at.where}: unknown keyword ${k}`);
  }

  if (intOrString) {
    // OpenAPI's int-or-string: string-only keywords apply to the string case, numeric ones to the
    // integer case. Spelling it out keeps ajv's strict type checks happy and the meaning exact.
    const expected = JSON.stringify([{ type: 'integer' }, { type: 'string' }]);
    if (node.anyOf !== undefined && JSON.stringify(node.anyOf) !== expected) {
      throw new GenError(`${at.where}: unexpected anyOf on an int-or-string field`);
    }
    if (out.type !== undefined) throw new GenError(`${at.where}: int-or-string with a type`);
    const int = { type: 'integer' };
    const str = { type: 'string' };
    for (const kw of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']) {
      if (out[kw] !== undefined) { int[kw] = out[kw]; delete out[kw]; }
    }
    for (const kw of ['pattern', 'minLength', 'maxLength', 'format']) {
      if (out[kw] !== undefined) { str[kw] = out[kw]; delete out[kw]; }
    }
    if (out.enum !== undefined) throw new GenError(`${at.where}: enum on an int-or-string field`);
    out.anyOf = [int, str];
    if (node.nullable === true) out.anyOf.push({ type: 'null' });
  } else if (node.nullable === true) {
    if (out.type === undefined) throw new GenError(`${at.where}: nullable without a type`);
    if (out.enum !== undefined && !out.enum.includes(null)) throw new GenError(`${at.where}: nullable enum without null`);
    out.type = Array.isArray(out.type) ? [...new Set([...out.type, 'null'])] : [out.type, 'null'];
  }

  // The API server applies structural defaults before it validates, so a required property that
  // has a default can never be missing by the time `required` is checked: drop it from required.
  if (Array.isArray(out.required) && out.properties) {
    const defaulted = out.required.filter((r) => out.properties[r]?.default !== undefined);
    if (defaulted.length) {
      for (const r of defaulted) ctx.defaultedRequired.push(`${ctx.kind} ${joinInstance(at.instancePath, r)}`);
      out.required = out.required.filter((r) => !defaulted.includes(r));
      if (out.required.length === 0) delete out.required;
    }
  }

  // Strict decoding: unknown fields are errors. An object with neither properties nor a map
  // schema keeps no fields at all in Kubernetes (they are pruned), so it is closed too.
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (!preserve && out.additionalProperties === undefined && (out.properties !== undefined || isObject)) {
    out.additionalProperties = false;
  }
  return out;
}

/** Our Kubernetes ObjectMeta schema (replaces the CRDs' bare `metadata: {type: object}`). */
function objectMetaSchema() {
  const str = () => ({ type: 'string' });
  const stringMap = () => ({ type: 'object', additionalProperties: { type: 'string' } });
  return {
    type: 'object',
    'x-calico-object-meta': true,
    // Kubernetes needs a name, or a prefix to generate one from. The `properties: {x: true}` in
    // each branch changes nothing; it declares the property where ajv's strictRequired looks
    // (ajv evaluates anyOf before the sibling `properties`, so strict mode would reject it).
    anyOf: [
      { required: ['name'], properties: { name: true } },
      { required: ['generateName'], properties: { generateName: true } },
    ],
    properties: {
      annotations: stringMap(),
      // `kubectl get -o yaml` prints `creationTimestamp: null` for objects not yet created.
      creationTimestamp: { type: ['string', 'null'], format: 'date-time' },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      deletionTimestamp: { type: ['string', 'null'], format: 'date-time' },
      finalizers: { type: 'array', items: str() },
      generateName: str(),
      generation: { type: 'integer', format: 'int64' },
      labels: stringMap(),
      // Server-side apply bookkeeping: free-form on purpose.
      managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      name: str(),
      // Allowed for cluster-scoped kinds too; whether it belongs there is a separate rule's call.
      namespace: str(),
      ownerReferences: {
        type: 'array',
        items: {
          type: 'object',
          required: ['apiVersion', 'kind', 'name', 'uid'],
          properties: {
            apiVersion: str(),
            blockOwnerDeletion: { type: 'boolean' },
            controller: { type: 'boolean' },
            kind: str(),
            name: str(),
            uid: str(),
          },
          additionalProperties: false,
        },
      },
      resourceVersion: str(),
      selfLink: str(),
      uid: str(),
    },
    additionalProperties: false,
  };
}

function loadCrd(file, ed) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).filter((d) => d.contents !== null);
  if (docs.length !== 1) throw new GenError(`${file}: expected exactly one YAML document, found ${docs.length}`);
  if (docs[0].errors.length) throw new GenError(`${file}: ${docs[0].errors[0].message}`);
  const crd = docs[0].toJS({ maxAliasCount: -1 });
  if (crd?.kind !== 'CustomResourceDefinition') throw new GenError(`${file}: not a CustomResourceDefinition`);
  const version = ed.groups[crd.spec?.group];
  if (!version) throw new GenError(`${file}: group ${crd.spec?.group}, expected ${Object.keys(ed.groups).join(' or ')}`);
  const versions = (crd.spec.versions ?? []).filter((v) => v.name === version && v.served !== false);
  if (versions.length !== 1) throw new GenError(`${file}: no single served ${version} version`);
  const schema = versions[0].schema?.openAPIV3Schema;
  if (!schema) throw new GenError(`${file}: ${version} has no openAPIV3Schema`);
  return { crd, schema, apiVersion: `${crd.spec.group}/${version}` };
}

function kindSchema(file, commit, ctx, ed) {
  const { crd, schema, apiVersion } = loadCrd(file, ed);
  const kind = crd.spec.names.kind;
  ctx.kind = kind;
  if (schema.type !== 'object' || !schema.properties) throw new GenError(`${kind}: root schema is not an object with properties`);
  const extra = Object.keys(schema.properties).filter((p) => !['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(p));
  if (extra.length) throw new GenError(`${kind}: unexpected top-level properties ${extra.join(', ')}`);
  if (JSON.stringify(schema.properties.metadata) !== JSON.stringify({ type: 'object' })) {
    throw new GenError(`${kind}: metadata is not the usual bare object; review before replacing it`);
  }
  const converted = convert(schema, ctx, { schemaPath: '', instancePath: '', where: kind });
  const fileName = `${kind.toLowerCase()}.json`;
  const properties = {
    apiVersion: { type: 'string', const: apiVersion },
    kind: { type: 'string', const: kind },
    metadata: objectMetaSchema(),
  };
  for (const p of ['spec', 'status']) if (converted.properties[p]) properties[p] = converted.properties[p];
  const required = ['apiVersion', 'kind', 'metadata'];
  for (const r of converted.required ?? []) if (!required.includes(r)) required.push(r);
  const out = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${ed.idBase}${fileName}`,
    $comment: `Generated by scripts/gen-schemas.mjs from the ${crd.metadata.name} CRD (${ed.repo}/${path.basename(file)}) at commit ${commit}. Do not edit; regenerate.`,
    title: ed === EDITIONS.oss ? `Calico ${kind}` : `Calico Enterprise ${kind}`,
    ...converted,
    type: 'object',
    required,
    properties,
    additionalProperties: false,
  };
  const info = {
    kind,
    plural: crd.spec.names.plural,
    scope: crd.spec.scope,
    file: fileName,
    shortNames: [...(crd.spec.names.shortNames ?? [])],
  };
  // Open-source kinds.json stays as it was (every kind is projectcalico.org/v3 there).
  if (ed !== EDITIONS.oss) info.apiVersion = apiVersion;
  if (!['Cluster', 'Namespaced'].includes(info.scope)) throw new GenError(`${kind}: unknown scope ${info.scope}`);
  return { kind, fileName, schema: out, info };
}

/** The combined schema for external tools: dispatches on `kind`, definitions + local $refs only. */
function combinedSchema(kinds, commit, ed) {
  const definitions = { ObjectMeta: objectMetaSchema() };
  for (const { kind, schema } of kinds) {
    const { $schema, $id, $comment, title, ...rest } = schema;
    definitions[kind] = { ...rest, properties: { ...rest.properties, metadata: { $ref: '#/definitions/ObjectMeta' } } };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${ed.idBase}calico.json`,
    $comment: `Generated by scripts/gen-schemas.mjs from the ${Object.keys(ed.groups).join(', ')} CRDs of ${ed.repoName} at commit ${commit}. Do not edit; regenerate.`,
    title: ed.title,
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: ed === EDITIONS.oss ? { type: 'string', const: API_VERSION }
        : { type: 'string', enum: [...new Set(kinds.map((k) => k.info.apiVersion))].sort() },
      kind: { type: 'string', enum: kinds.map((k) => k.kind) },
    },
    allOf: kinds.map(({ kind }) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: { $ref: `#/definitions/${kind}` },
    })),
    definitions,
  };
}

/** Deterministic key order: schema keywords in KEY_ORDER, names and data keys alphabetically. */
function canonical(value, parentKey = '') {
  const isData = parentKey === 'default' || parentKey === 'const' || parentKey === 'enum';
  if (Array.isArray(value)) return value.map((v) => canonical(v, isData ? 'default' : ''));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (NAME_MAPS.has(parentKey) || isData) keys.sort();
  else {
    const rank = (k) => { const i = KEY_ORDER.indexOf(k); return i < 0 ? KEY_ORDER.length : i; };
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out = {};
  for (const k of keys) {
    // Inside `default`/`const` everything is data; inside a name map the values are schemas.
    out[k] = canonical(value[k], isData ? 'default' : NAME_MAPS.has(parentKey) ? '' : k);
  }
  return out;
}

function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Everything this script writes, as file name -> text. */
export function generate(crdDir, edition = 'oss') {
  const ed = EDITIONS[edition];
  if (!ed) throw new GenError(`unknown edition ${edition}`);
  const commit = readSourceCommit(crdDir);
  const files = fs.readdirSync(crdDir).filter((f) => ed.filePattern.test(f)).sort();
  if (files.length === 0) throw new GenError(`${crdDir}: no CRDs of ${Object.keys(ed.groups).join(', ')}`);
  const ctx = { kind: '', cel: [], formats: new Set(), patterns: new Set(), defaultedRequired: [] };
  const kinds = files.map((f) => kindSchema(path.join(crdDir, f), commit, ctx, ed));
  kinds.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const seen = new Set();
  for (const k of kinds) {
    if (seen.has(k.fileName)) throw new GenError(`two CRDs for ${k.kind}`);
    seen.add(k.fileName);
  }
  const out = new Map();
  for (const k of kinds) out.set(k.fileName, json(canonical(k.schema)));
  out.set('kinds.json', json(kinds.map((k) => k.info)));
  out.set('calico.json', json(canonical(combinedSchema(kinds, commit, ed))));
  // Grouped by kind (in kind order), each kind's rules in schema walk order.
  const order = new Map(kinds.map((k, i) => [k.kind, i]));
  const cel = ctx.cel.map((c, i) => ({ c, i })).sort((a, b) => order.get(a.c.kind) - order.get(b.c.kind) || a.i - b.i).map((x) => x.c);
  out.set('cel-rules.json', json(cel));
  return {
    files: out,
    kinds: kinds.map((k) => k.kind),
    cel: cel.length,
    formats: [...ctx.formats].sort(),
    patterns: ctx.patterns,
    defaultedRequired: ctx.defaultedRequired,
    commit,
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.crds)) throw new Error(`CRD folder ${opts.crds} not found (use --crds DIR)`);
  const result = generate(opts.crds, opts.edition);
  const rel = path.relative(process.cwd(), opts.out) || '.';
  if (opts.check) {
    const stale = [];
    for (const [name, text] of result.files) {
      const p = path.join(opts.out, name);
      if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) stale.push(name);
    }
    const extra = fs.existsSync(opts.out) ? fs.readdirSync(opts.out).filter((f) => f.endsWith('.json') && !result.files.has(f)) : [];
    if (stale.length || extra.length) {
      console.error(`gen-schemas: ${rel} is out of date: ${[...stale, ...extra.map((f) => `${f} (not generated)`)].join(', ')}`);
      console.error('run: node scripts/gen-schemas.mjs');
      process.exit(1);
    }
    console.log(`gen-schemas: ${rel} is up to date (${result.kinds.length} kinds, ${result.cel} CEL rules)`);
    return;
  }
  fs.mkdirSync(opts.out, { recursive: true });
  // Remove generated files for kinds that no longer exist (only files we recognise as ours).
  for (const f of fs.readdirSync(opts.out)) {
    if (!f.endsWith('.json') || result.files.has(f)) continue;
    const text = fs.readFileSync(path.join(opts.out, f), 'utf8');
    if (text.includes(ID_BASE)) fs.rmSync(path.join(opts.out, f));
  }
  for (const [name, text] of result.files) fs.writeFileSync(path.join(opts.out, name), text);
  console.log(`gen-schemas: wrote ${result.files.size} files to ${rel}: ${result.kinds.length} kinds, ${result.cel} CEL rules, `
    + `${result.patterns.size} distinct RE2 patterns, formats: ${result.formats.join(', ')}; `
    + `no longer required because defaulted: ${result.defaultedRequired.join(', ') || 'none'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`gen-schemas: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
