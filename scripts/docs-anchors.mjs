// Writes test/fixtures/calico-docs-anchors.json: for each page of Calico's resource reference
// (calico/reference/resources/*.mdx in a clone of github.com/tigera/docs), the anchors a link may
// name: the ids of its headings (and of the headings of the partials it imports), as Docusaurus
// makes them, plus, for felixconfig, the per-field ids its FelixConfig component renders (the
// fields' YAML names). test/unit/field-docs.test.ts checks every link of the hover docs against
// this snapshot, so a typo in an anchor cannot hide.
//
// usage: node scripts/docs-anchors.mjs <git dir of a tigera/docs clone> [revision]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [gitDir, rev = 'HEAD'] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: node scripts/docs-anchors.mjs <git dir of a tigera/docs clone> [revision]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const show = (path) => git('show', `${rev}:${path}`);
const commit = git('rev-parse', rev).trim();

/** The id github-slugger (what Docusaurus uses) gives a heading's text. */
function slug(text) {
  return text
    .replace(/`/g, '')
    .replace(/\{#[^}]*\}\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function headings(mdx) {
  const out = [];
  let fence = false;
  for (const line of mdx.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const explicit = /\{#([^}]+)\}\s*$/.exec(m[1]);
    out.push(explicit ? explicit[1] : slug(m[1]));
  }
  return out;
}

const pages = {};
const dir = 'calico/reference/resources';
for (const name of git('ls-tree', '--name-only', `${rev}:${dir}`).split('\n').filter((n) => n.endsWith('.mdx'))) {
  const mdx = show(`${dir}/${name}`);
  const anchors = new Set(headings(mdx));
  for (const m of mdx.matchAll(/^import \w+ from '@site\/(calico\/_includes\/content\/[^']+\.mdx)';/gm)) {
    for (const h of headings(show(m[1]))) anchors.add(h);
  }
  if (name === 'felixconfig.mdx') {
    const params = JSON.parse(show('calico/_includes/components/FelixConfig/config-params.json'));
    for (const g of params.Groups) for (const f of g.Fields) if (f.NameYAML) anchors.add(f.NameYAML);
  }
  pages[name.replace(/\.mdx$/, '')] = [...anchors].sort();
}
const out = { source: `https://github.com/tigera/docs/tree/${commit}/${dir}`, pages };
writeFileSync(join('test', 'fixtures', 'calico-docs-anchors.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote test/fixtures/calico-docs-anchors.json (${Object.keys(pages).length} pages, tigera/docs ${commit.slice(0, 12)})`);
