/**
 * The user documentation is part of the product, so it is tested like code.
 *
 * - Every rule code (`ALL_CODES`, which grows as rules are added) has a page `docs/rules/<code>.md`,
 *   and every page there belongs to a code.
 * - Each page follows the fixed format: `# <code>`, a `Severity: … · Source: …` line, then the
 *   sections What it reports, Why, How to fix, Invalid, Valid and optionally References, in that
 *   order. The severity's first word must be the rule's default severity (a rule that reports
 *   several severities writes e.g. `Severity: warning (information when …)`), and the source must
 *   match the rule's origin.
 * - The single ```yaml block under Invalid, analysed alone with `lintText`, produces the page's
 *   code; the one under Valid produces no error and not the page's code. Cross-document codes see
 *   only the documents of that one block, which is how a user would try the example.
 * - A page may say `Examples: none` instead of giving examples only when the code is listed in
 *   `NO_EXAMPLES` below with the reason.
 * - README.md lists every code in its rule table with the right severity, and names every runtime
 *   dependency of package.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CODES, RULES_BY_CODE, lintText, type CalicoSettings, type Diagnostic } from '../server/src/core';

const ROOT = join(__dirname, '..');
const DOCS = join(ROOT, 'docs', 'rules');

/** Codes whose page may omit examples, with the reason. Adding one should be a rare, deliberate act. */
const NO_EXAMPLES: ReadonlyMap<string, string> = new Map([
  ['internal-error', 'it reports a defect of this tool, so no input is supposed to produce it'],
]);

/**
 * Settings a page's examples are linted with, when its code only shows under a non-default
 * setting; the page must say so in words. A 1 MiB example would help nobody.
 */
const EXAMPLE_SETTINGS: ReadonlyMap<string, CalicoSettings> = new Map([
  ['document-too-large', { rules: {}, maxDocumentSize: 300 }],
]);

/** How a page names the editions a rule belongs to (RuleMeta.editions; none given: both). */
function editionWords(editions: readonly string[] | undefined): string {
  if (!editions || (editions.includes('oss') && editions.includes('enterprise'))) return 'open source and Enterprise';
  return editions.includes('enterprise') ? 'Calico Enterprise/Cloud only' : 'open source only';
}

/** The `Source:` wording for each rule origin (see RuleOrigin in server/src/core/rules/types.ts). */
const SOURCE_BY_ORIGIN: Readonly<Record<string, string>> = {
  yaml: 'YAML parser',
  schema: 'CRD schema',
  cel: 'CRD CEL rule',
  validator: 'Calico validator',
  component: 'component',
  semantics: 'semantics',
  advice: 'advice',
};

const SECTIONS = ['What it reports', 'Why', 'How to fix', 'Invalid', 'Valid'];
const SECTIONS_WITHOUT_EXAMPLES = ['What it reports', 'Why', 'How to fix'];
// The conntrack family cites the components it checks: Cilium, Terway, conntrack-cleaner, Go, Alibaba Cloud.
const REFERENCE_HOSTS = /^https:\/\/(docs\.tigera\.io|kubernetes\.io|docs\.cilium\.io|github\.com\/(?:cilium|AliyunContainerService|hanamantagoudvk|projectcalico)|pkg\.go\.dev|www\.alibabacloud\.com)\//;

interface Page {
  title: string;
  severity: string;
  source: string;
  /** The `· Edition: …` part of the Severity line, when the page has one. */
  edition?: string;
  noExamples: boolean;
  sections: Array<{ name: string; body: string }>;
}

/** Splits a page into its header lines and `## ` sections; format problems are thrown as messages. */
function parsePage(text: string): Page {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const title = /^# (\S+)$/.exec(lines[0] ?? '')?.[1];
  if (!title) throw new Error("the first line must be '# <code>'");
  let i = 1;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const sev = /^Severity: (error|warning|information|hint)(?: \([^)]+\))? · Source: (\S.*?)(?: · Edition: (\S.*))?$/.exec(lines[i] ?? '');
  if (!sev) throw new Error(`expected 'Severity: <error|warning|information|hint> · Source: <…>' after the title, found '${lines[i] ?? ''}'`);
  i++;
  const noExamples = lines[i] === 'Examples: none';
  if (noExamples) i++;
  const sections: Page['sections'] = [];
  let fenced = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      sections.push({ name: line.slice(3).trim(), body: '' });
      continue;
    }
    if (!fenced && /^#(?!#)/.test(line)) throw new Error(`only the first line may be a level-1 heading: '${line}'`);
    if (sections.length === 0) {
      if (line.trim() !== '') throw new Error(`text before the first section: '${line}'`);
      continue;
    }
    sections[sections.length - 1]!.body += `${line}\n`;
  }
  if (fenced) throw new Error('a code block is not closed');
  const page: Page = { title, severity: sev[1]!, source: sev[2]!.trim(), noExamples, sections };
  if (sev[3] !== undefined) page.edition = sev[3].trim();
  return page;
}

/** The one ```yaml block of a section. */
function yamlBlock(body: string, section: string): string {
  const blocks = [...body.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)];
  assert.equal(blocks.length, 1, `'## ${section}' must hold exactly one code block, found ${blocks.length}`);
  assert.equal(blocks[0]![1]!.trim(), 'yaml', `the code block under '## ${section}' must be marked yaml`);
  return blocks[0]![2]!;
}

function show(text: string, diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => {
      const line = text.slice(0, d.start).split('\n').length;
      return `  line ${line}: ${d.severity} ${d.code}: ${d.message}`;
    })
    .join('\n');
}

function pageFiles(): string[] {
  return existsSync(DOCS) ? readdirSync(DOCS).filter((n) => n.endsWith('.md') && n !== 'README.md').sort() : [];
}

test('every page in docs/rules belongs to a rule code', () => {
  const orphans = pageFiles().filter((n) => !ALL_CODES.has(n.slice(0, -3)));
  assert.deepEqual(orphans, [], 'pages without a rule code (rename or delete them)');
});

for (const code of [...ALL_CODES].sort()) {
  test(`docs/rules/${code}.md`, () => {
    const path = join(DOCS, `${code}.md`);
    assert.ok(existsSync(path), `rule '${code}' has no documentation page ${path}`);
    const text = readFileSync(path, 'utf8');
    let page: Page;
    try {
      page = parsePage(text);
    } catch (e) {
      assert.fail(`${code}.md: ${(e as Error).message}`);
    }
    const rule = RULES_BY_CODE.get(code)!;
    assert.equal(page.title, code, 'the title must be the code');
    assert.equal(page.severity, rule.severity, "the Severity line must start with the rule's default severity");
    assert.equal(page.source, SOURCE_BY_ORIGIN[rule.origin], `'Source:' must be '${SOURCE_BY_ORIGIN[rule.origin]}' for a rule of origin '${rule.origin}'`);
    // Which edition the check belongs to: required on a page whose rule is limited to one.
    const edition = editionWords(rule.editions);
    if (rule.editions || page.edition !== undefined) assert.equal(page.edition, edition, `the Severity line must end with '· Edition: ${edition}'`);

    if (page.noExamples) {
      assert.ok(NO_EXAMPLES.has(code), `'Examples: none' is only accepted for ${[...NO_EXAMPLES.keys()].join(', ')}; give Invalid and Valid examples`);
    }
    const names = page.sections.map((s) => s.name);
    const expected = page.noExamples ? SECTIONS_WITHOUT_EXAMPLES : SECTIONS;
    const withRefs = [...expected, 'References'];
    assert.ok(
      JSON.stringify(names) === JSON.stringify(expected) || JSON.stringify(names) === JSON.stringify(withRefs),
      `sections must be ${withRefs.map((s) => `'## ${s}'`).join(', ')} (References optional), in that order; found ${names.map((s) => `'## ${s}'`).join(', ')}`,
    );
    for (const s of page.sections) {
      if (s.name !== 'Invalid' && s.name !== 'Valid') assert.ok(s.body.trim().length > 0, `'## ${s.name}' is empty`);
    }

    const refs = page.sections.find((s) => s.name === 'References');
    if (refs) {
      const urls = refs.body.match(/https?:\/\/[^\s)>\]]+/g) ?? [];
      assert.ok(urls.length > 0, "'## References' lists no URL");
      for (const u of urls) assert.match(u, REFERENCE_HOSTS, `reference ${u} should point to docs.tigera.io (or kubernetes.io)`);
    }

    if (page.noExamples) return;
    const invalid = yamlBlock(page.sections.find((s) => s.name === 'Invalid')!.body, 'Invalid');
    const enterpriseOnly = rule.editions !== undefined && !rule.editions.includes('oss');
    const settings = EXAMPLE_SETTINGS.get(code) ?? (enterpriseOnly ? { rules: {}, edition: 'enterprise' as const } : undefined);
    if (settings?.maxDocumentSize !== undefined) assert.ok(text.includes(`maxDocumentSize`), 'a page whose examples need a setting must name it');
    if (settings?.edition !== undefined) assert.ok(text.includes('calico.edition'), 'a page whose examples need the Enterprise edition must name the setting');
    const invalidDiags = lintText(invalid, settings);
    assert.ok(
      invalidDiags.some((d) => d.code === code),
      `the Invalid example does not produce '${code}'; it produces:\n${show(invalid, invalidDiags)}`,
    );
    const valid = yamlBlock(page.sections.find((s) => s.name === 'Valid')!.body, 'Valid');
    const validDiags = lintText(valid, settings);
    const bad = validDiags.filter((d) => d.code === code || d.severity === 'error');
    assert.ok(bad.length === 0, `the Valid example must produce no error and no '${code}'; it produces:\n${show(valid, bad)}`);
  });
}

test('README.md lists every rule code with its default severity', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\r\n?/g, '\n');
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const m = /^\|\s*\[?`([a-z0-9-]+)`\]?(\(([^)]*)\))?\s*\|/.exec(line);
    if (!m) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    assert.ok(!rows.has(m[1]!), `README lists '${m[1]}' twice`);
    rows.set(m[1]!, cells);
    if (m[3] !== undefined) assert.equal(m[3], `docs/rules/${m[1]}.md`, `README's link for '${m[1]}' should point to its page`);
  }
  const missing = [...ALL_CODES].filter((c) => !rows.has(c)).sort();
  assert.deepEqual(missing, [], 'codes missing from the rule table in README.md');
  const unknown = [...rows.keys()].filter((c) => !ALL_CODES.has(c)).sort();
  assert.deepEqual(unknown, [], 'README.md lists codes that do not exist');
  for (const [code, cells] of rows) {
    const severity = (cells[1] ?? '').split(/\W+/).find((w) => w.length > 0);
    assert.equal(severity, RULES_BY_CODE.get(code)!.severity, `README's severity for '${code}'`);
  }
});

test('README.md explains every runtime dependency', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const unexplained = Object.keys(pkg.dependencies ?? {}).filter((name) => !readme.includes(`\`${name}\``)).sort();
  assert.deepEqual(unexplained, [], 'runtime dependencies that README.md does not name (in backticks)');
});
