#!/usr/bin/env node
// gen.mjs — writes a seeded multi-document Calico YAML file and its manifest.
//
//   node bench/gen.mjs --docs N [--invalid F] [--semantic-invalid F] [--seed S]
//                      [--out FILE] [--manifest FILE] [--split-dir DIR]
//
//   --docs N               number of YAML documents (default 100)
//   --invalid F            share of documents given one mistake a JSON Schema derived from the CRDs
//                          can see: wrong types, unknown fields, bad enum values, out-of-range numbers,
//                          missing required keys (default 0.04; exactly round(N*F) documents)
//   --semantic-invalid F   share of other documents given one mistake only Calico's CEL rules or
//                          its validator catch: doNotTrack without applyOnForward, preDNAT with egress,
//                          HostEndpoint without node, protocol "TPC", bad CIDR, selector syntax, ...
//                          (default 0.01)
//   --seed S               seed (default 1); the same arguments always give the same bytes
//   --out FILE             the YAML (default: stdout)
//   --manifest FILE        JSON: per document its index, kind, name, 0-based first and last line,
//                          and the mutation (id, class, layer, schema-visible, what, where) or null
//   --split-dir DIR        instead of one file, write each document to DIR/doc-NNNNNN.yaml (for the
//                          "directory of small files" measurement); line numbers in the manifest are
//                          then relative to each file
//
// The documents and mutations are described in lib/calico-gen.mjs and README.md.
import fs from 'node:fs';
import path from 'node:path';
import { generate } from './lib/calico-gen.mjs';
import { fail, parseFlags } from './lib/cli.mjs';

const o = parseFlags('gen.mjs', import.meta.url, process.argv.slice(2),
  { docs: 'number', invalid: 'number', 'semantic-invalid': 'number', seed: 'number', out: 'string', manifest: 'string', 'split-dir': 'string' },
  { docs: 100, invalid: 0.04, semanticInvalid: 0.01, seed: 1 });
if (!Number.isInteger(o.docs) || o.docs < 1) fail('gen.mjs', '--docs must be a positive integer');
for (const k of ['invalid', 'semanticInvalid']) if (!(o[k] >= 0 && o[k] <= 1)) fail('gen.mjs', `--${k === 'invalid' ? 'invalid' : 'semantic-invalid'} must be between 0 and 1`);
if (o.invalid + o.semanticInvalid > 1) fail('gen.mjs', '--invalid + --semantic-invalid must not exceed 1');

const result = writeGenerated(o);
process.stderr.write(`gen.mjs: ${o.docs} documents (${Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
  `${result.schemaInvalid} schema-visible and ${result.semanticInvalid} semantic mistakes; ${result.bytes} bytes\n`);

/** Generates and writes the file (or directory) and manifest; also used by run-bench.mjs. */
export function writeGenerated(o) {
  const g = generate({ docs: o.docs, invalid: o.invalid, semanticInvalid: o.semanticInvalid, seed: o.seed });
  let bytes = Buffer.byteLength(g.text);
  let documents = g.documents;
  if (o.splitDir) {
    fs.mkdirSync(o.splitDir, { recursive: true });
    const lines = g.text.split('\n');
    documents = g.documents.map((d) => {
      const file = `doc-${String(d.index).padStart(6, '0')}.yaml`;
      fs.writeFileSync(path.join(o.splitDir, file), lines.slice(d.startLine, d.endLine + 1).join('\n') + '\n');
      return { ...d, file, startLine: 0, endLine: d.endLine - d.startLine };
    });
  } else if (o.out) fs.writeFileSync(o.out, g.text);
  else process.stdout.write(g.text);
  if (o.manifest) {
    const manifest = {
      generator: 'bench/gen.mjs', args: { docs: o.docs, invalid: o.invalid, semanticInvalid: o.semanticInvalid, seed: o.seed, split: !!o.splitDir },
      bytes, lines: g.text.split('\n').length - 1, counts: g.counts, schemaInvalid: g.schemaInvalid, semanticInvalid: g.semanticInvalid, documents,
    };
    fs.writeFileSync(o.manifest, JSON.stringify(manifest) + '\n');
  }
  return { ...g, bytes };
}
