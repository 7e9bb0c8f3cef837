/**
 * Regression tests for fixes that made files worse (issue 9), each built from a small reproducer,
 * plus the fix engine's own contract check (`fixes/verify.ts`).
 *
 * Aliases and merges: a fix must edit the use, not the anchor (`applyOnForward: *off`, `types:
 * [*t]`), or not be offered where editing the use is impossible (`egress: *rules`, lists and flags
 * merged with `<<`). Safe fixes that added errors: the port range `0:…`, Egress added to a policy
 * that is also pre-DNAT, a line mis-indented after an explicit `? key`, a mirror copying a rule's
 * "ports without protocol" error, and a comment deleted when filling `egress: # comment`.
 *
 * Where a fix is declined, the provider is asked directly too (`providerFixes`), so the test fails
 * if the provider still produces the bad edit and only the engine's check hides it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKSPACE_RULES, Workspace, applyEdits, chooseFixes, fixAll, fixesFor, lintText, type Fix } from '../../server/src/core';
import { parseSegment } from '../../server/src/core/analysis/segment';
import { FIX_PROVIDERS } from '../../server/src/core/fixes/registry';
import { DocumentBaseline } from '../../server/src/core/fixes/verify';
import { commentsOf } from '../../server/src/core/fixes/comments';
import type { FixProvider } from '../../server/src/core/rules/types';

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\n';

function analyse(text: string) {
  const ws = new Workspace();
  const file = ws.setFile('f', text);
  return { ws, file, diagnostics: ws.diagnostics('f') };
}

/** The fixes offered (checked by the engine) for every diagnostic of `code`. */
function offered(text: string, code: string): Fix[] {
  const { file, diagnostics } = analyse(text);
  return diagnostics.filter((d) => d.code === code).flatMap((d) => fixesFor(file, d, diagnostics));
}

/** What the providers themselves produce for `code`, before the engine checks anything (single-document texts). */
function providerFixes(text: string, code: string): Fix[] {
  const { diagnostics } = analyse(text);
  const root = parseSegment(text).roots[0]?.root ?? null;
  const problems = new DocumentBaseline(text).diagnostics;
  const out: Fix[] = [];
  for (const d of diagnostics.filter((x) => x.code === code)) {
    for (const p of FIX_PROVIDERS.get(code) ?? []) out.push(...p.fixes({ text, root, diagnostic: d, others: diagnostics, problems, memo: new Map() }));
  }
  return out;
}

function errors(text: string): string[] {
  return lintText(text)
    .filter((d) => d.severity === 'error')
    .map((d) => d.code)
    .sort();
}

test('applyOnForward: *off is replaced at the alias; the anchored preDNAT: &off false stays', () => {
  const text = `${HEAD}spec:\n  selector: role == 'x'\n  preDNAT: &off false\n  doNotTrack: true\n  applyOnForward: *off\n`;
  const [fix, ...rest] = offered(text, 'apply-on-forward-required');
  assert.ok(fix && rest.length === 0);
  assert.equal(applyEdits(text, fix.edits), text.replace('applyOnForward: *off', 'applyOnForward: true'));
  const fixed = fixAll(text).text;
  assert.equal(fixed, text.replace('applyOnForward: *off', 'applyOnForward: true'));
  assert.deepEqual(errors(fixed), [], 'no conflict error appears');
});

test('an applyOnForward value that an alias elsewhere uses is not changed', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: &a false\n  preDNAT: *a\n`;
  assert.deepEqual(offered(text, 'apply-on-forward-required'), []);
  assert.equal(fixAll(text).text, text);
});

test('applyOnForward merged with << is overridden in the spec itself, not in the merged mapping', () => {
  const text =
    `- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: a')}  spec: &base\n    selector: all()\n    doNotTrack: true\n    applyOnForward: true\n` +
    `- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: b')}  spec:\n    <<: *base\n    applyOnForward: false\n` +
    `- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: c')}  spec:\n    <<: {selector: all(), doNotTrack: true, applyOnForward: false}\n    order: 10\n`;
  const fixed = fixAll(text).text;
  // b's own `false` is replaced; c gets its own key after its last own pair; nothing else moves.
  assert.equal(fixed, text.replace('    applyOnForward: false\n', '    applyOnForward: true\n').replace('    order: 10\n', '    order: 10\n    applyOnForward: true\n'));
  assert.deepEqual(errors(fixed), []);
});

test('types: [*t] gets the new type after the alias, once; the anchored annotation is untouched', () => {
  const text =
    `${HEAD}  annotations:\n    dir: &t Ingress\nspec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  types: [*t]\n` +
    `  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80]\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: [80]\n`;
  const result = fixAll(text);
  assert.deepEqual(result.applied, ["Add 'Egress' to 'types'"]);
  assert.equal(result.text, text.replace('types: [*t]', 'types: [*t, Egress]'));
});

test('a types list reached through an alias or a merge is not appended to', () => {
  const viaAlias = `- ${HEAD.replace(/\n(?=.)/g, '\n  ')}  spec:\n    selector: all()\n    types: &ty [Ingress]\n- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: q')}  spec:\n    selector: all()\n    doNotTrack: true\n    applyOnForward: true\n    types: *ty\n    egress: [{action: Deny}]\n`;
  assert.deepEqual(providerFixes(viaAlias, 'untracked-types-missing-direction'), []);
  assert.equal(fixAll(viaAlias).text, viaAlias);
});

test('egress: *rules is not appended to (the rule would also land in ingress)', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  ingress: &rules\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80]\n  egress: *rules\n`;
  assert.ok(lintText(text).some((d) => d.code === 'untracked-asymmetric'));
  // The ingress rule's reply would go into `egress: *rules`: the provider declines it. The egress
  // rule's reply would go into the anchored ingress list, which `*rules` shares: the provider
  // cannot see the alias that uses it, the engine can, and drops it.
  assert.deepEqual(providerFixes(text, 'untracked-asymmetric').map((f) => f.title), ['Add the reply rule for this egress rule (ingress, TCP 80)', 'Add every missing reply rule of this policy (1)']);
  assert.deepEqual(offered(text, 'untracked-asymmetric'), []);
  assert.equal(fixAll(text).text, text);
});

test('a flag merged with << is not offered for removal; an own flag is, and its comment stays', () => {
  const merged = `- ${HEAD.replace(/\n(?=.)/g, '\n  ')}  spec: &base\n    selector: all()\n    doNotTrack: false\n    preDNAT: true\n    applyOnForward: true\n- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: q')}  spec:\n    <<: *base\n    doNotTrack: true # the point of this one\n`;
  const fixes = providerFixes(merged, 'untracked-pre-dnat-conflict');
  assert.deepEqual(fixes.map((f) => f.id), ['remove-do-not-track']);
  // Removing q's own doNotTrack would only reveal the merged `doNotTrack: false`... which is fine
  // here, so the fix is offered, and keeps the comment on a line of its own.
  const [fix] = offered(merged, 'untracked-pre-dnat-conflict');
  assert.ok(fix);
  assert.equal(applyEdits(merged, fix.edits), merged.replace('    doNotTrack: true # the point of this one\n', '    # the point of this one\n'));
});

test('removing an own flag that hides a merged one that is also true is no fix, and is not offered', () => {
  const text = `- ${HEAD.replace(/\n(?=.)/g, '\n  ')}  spec: &base\n    selector: all()\n    doNotTrack: true\n    preDNAT: true\n    applyOnForward: true\n- ${HEAD.replace(/\n(?=.)/g, '\n  ').replace('name: p', 'name: q')}  spec:\n    <<: *base\n    doNotTrack: true\n`;
  const { file, diagnostics } = analyse(text);
  const forQ = diagnostics.find((d) => d.code === 'untracked-pre-dnat-conflict' && (d.data as { resource: number }).resource > 10)!;
  assert.ok(forQ);
  // The provider offers it (it cannot see the merged value behind), the engine finds the
  // conflict still there afterwards and drops it.
  assert.ok(providerFixes(text, 'untracked-pre-dnat-conflict').some((f) => f.id === 'remove-do-not-track'));
  assert.deepEqual(fixesFor(file, forQ, diagnostics).map((f) => f.id), []);
});

test('a reply rule is never given port 0: the missing range starts at 1', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: ['11211:65535']\n`;
  const [mirror] = offered(text, 'untracked-asymmetric');
  assert.ok(mirror);
  assert.match(mirror.title, /TCP 1-11210/);
  const fixed = fixAll(text).text;
  assert.match(fixed, /- '1:11210'/);
  assert.deepEqual(errors(fixed), []);
  // And a reply rule for 1–65535 answers a rule for any port.
  const answered = text.replace("ports: ['11211:65535']", "ports: ['1:65535']");
  assert.ok(!lintText(answered).some((d) => d.code === 'untracked-asymmetric'));
});

test('a policy that is both untracked and pre-DNAT gets no Egress type and no egress rule', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  preDNAT: true\n  applyOnForward: true\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80]\n`;
  assert.deepEqual(providerFixes(text, 'untracked-asymmetric'), []);
  const withEgressRules = text.replace('  types: [Ingress]\n', '  types: [Ingress]\n  egress: [{action: Allow, protocol: TCP, destination: {ports: [53]}}]\n');
  assert.deepEqual(providerFixes(withEgressRules, 'untracked-types-missing-direction'), []);
  // An egress rule's reply goes to ingress, which a pre-DNAT policy may have: that one is offered.
  assert.ok(providerFixes(withEgressRules, 'untracked-asymmetric').some((f) => f.edits.every((e) => withEgressRules.slice(0, e.start).includes('ingress:'))));
  assert.deepEqual(errors(fixAll(text).text), errors(text));
  assert.deepEqual(errors(text), ['untracked-pre-dnat-conflict']);
});

test('after an explicit ? doNotTrack key the new applyOnForward line lines up with the other keys', () => {
  const text = `${HEAD}spec:\n  ? doNotTrack\n  : true\n  selector: all()\n`;
  const [fix] = offered(text, 'apply-on-forward-required');
  assert.ok(fix);
  assert.equal(applyEdits(text, fix.edits), `${HEAD}spec:\n  ? doNotTrack\n  : true\n  applyOnForward: true\n  selector: all()\n`);
  // And a mirror inserted into such a spec is indented like its keys.
  const rules = `${HEAD}spec:\n  ? doNotTrack\n  : true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80]\n`;
  const fixed = fixAll(rules).text;
  assert.match(fixed, /\n {2}egress:\n {4}- action: Allow\n/);
  assert.deepEqual(errors(fixed), []);
});

test('a rule with ports but no protocol is not mirrored (the mirror would copy the error)', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      destination:\n        ports: [80]\n`;
  assert.ok(lintText(text).some((d) => d.code === 'untracked-asymmetric'));
  assert.deepEqual(providerFixes(text, 'untracked-asymmetric'), []);
  assert.equal(fixAll(text).text, text);
});

test('filling an empty egress keeps the comment after it (and a written null goes)', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: UDP\n      destination:\n        ports: [53]\n  egress: # replies go here\n`;
  const reply = '    - action: Allow\n      protocol: UDP\n      source:\n        ports: [53]\n';
  assert.equal(fixAll(text).text, `${text}${reply}`);
  const tilde = text.replace('egress: # replies', 'egress: ~ # replies').replace(/\n/g, '\r\n');
  assert.equal(fixAll(tilde).text, `${text.replace('egress: # replies', 'egress:  # replies')}${reply}`.replace(/\n/g, '\r\n'));
});

test('comments are found by the YAML lexer: not inside quotes or block scalars', () => {
  const text = 'a: "x # y" # one\nb: |\n  # not a comment\n# two\r\nc: [1, # three\n  2]\nd: \'it\'\'s # no\'\n';
  assert.deepEqual(commentsOf(text).map((c) => [c.text, text.slice(c.start, c.start + c.text.length)]), [
    ['# one', '# one'],
    ['# two', '# two'],
    ['# three', '# three'],
  ]);
});

test('the engine refuses edits that break the YAML, drop a comment, add an error, touch an anchor or leave the document', () => {
  const text = `${HEAD}spec:\n  selector: all() # who\n  order: &o 10\n  tier: default\n  egress: [{action: Allow, protocol: TCP, destination: {ports: [*o]}}]\n`;
  const base = new DocumentBaseline(text);
  const at = (s: string): number => text.indexOf(s);
  assert.equal(base.check([{ start: at('tier'), end: at('tier'), newText: '[' }], true), 'syntax');
  assert.equal(base.check([{ start: at(' # who'), end: at(' # who') + 6, newText: '' }], true), 'comment');
  assert.equal(base.check([{ start: at('default'), end: at('default') + 7, newText: 'Bad Tier' }], true), 'error');
  assert.equal(base.check([{ start: at('default'), end: at('default') + 7, newText: 'Bad Tier' }], false), undefined, 'an unsafe fix may reveal errors');
  assert.equal(base.check([{ start: at('10'), end: at('10') + 2, newText: '20' }], true), 'shared', 'the anchored value is used by the alias');
  assert.equal(base.check([{ start: at('*o'), end: at('*o') + 2, newText: '443' }], true), undefined, 'the alias itself is ours to replace');
  assert.equal(base.check([{ start: text.length, end: text.length + 1, newText: 'x' }], true), 'outside-document');
  assert.equal(base.check([{ start: text.length, end: text.length, newText: '---\nkind: x\n' }], false), 'split');
  assert.equal(base.check([{ start: 0, end: 0, newText: 'a' }, { start: 0, end: 0, newText: 'b' }], false), 'overlap');
  assert.equal(base.check([{ start: at('tier'), end: at('tier'), newText: '# new\n  ' }], true), undefined, 'a harmless insertion passes');
});

test('a safe fix must remove its own diagnostic', () => {
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n`;
  const base = new DocumentBaseline(text);
  const target = analyse(text).diagnostics.find((x) => x.code === 'apply-on-forward-required')!;
  const insertAt = text.length;
  assert.equal(base.check([{ start: insertAt, end: insertAt, newText: '  order: 1\n' }], true, [target]), 'unfixed');
  assert.equal(base.check([{ start: insertAt, end: insertAt, newText: '  applyOnForward: true\n' }], true, [target]), undefined);
});

test('fix-all checks the fixes of a document together, and keeps those that pass one at a time', () => {
  // A stand-in provider whose fixes each pass alone but not together: each moves one failsafe
  // port off its number (removing its diagnostic) and also adds `order: 1` to the spec, so two of
  // them add the key twice.
  const text = `${HEAD}spec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [22, 179]\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: [22, 179]\n`;
  const providers = FIX_PROVIDERS as Map<string, readonly FixProvider[]>;
  assert.equal(providers.get('failsafe-port'), undefined);
  providers.set('failsafe-port', [
    {
      code: 'failsafe-port',
      fixes: ({ text: t, diagnostic }) => {
        if ((diagnostic.data as { direction?: string } | undefined)?.direction !== 'ingress') return [];
        return [
          {
            id: 'test-move-port',
            title: `Move port ${t.slice(diagnostic.start, diagnostic.end)}`,
            safe: true,
            edits: [
              { start: diagnostic.start, end: diagnostic.start, newText: '10' },
              { start: t.length, end: t.length, newText: '  order: 1\n' },
            ],
          },
        ];
      },
    },
  ]);
  try {
    const { file, diagnostics } = analyse(text);
    const ingressPorts = diagnostics.filter((d) => d.code === 'failsafe-port' && (d.data as { direction?: string }).direction === 'ingress');
    assert.equal(ingressPorts.length, 2);
    for (const d of ingressPorts) assert.equal(fixesFor(file, d, diagnostics).length, 1, 'each fix passes on its own');
    // Together they fail; one at a time, the first passes and the second (with the first) not.
    const chosen = chooseFixes(file, diagnostics, (f) => f.id === 'test-move-port');
    assert.deepEqual(chosen.map((f) => f.title), ['Move port 22']);
    // And on the next passes the second one would still repeat `order`, so it is never applied.
    const result = fixAll(text);
    assert.deepEqual(result.applied.filter((t) => t.startsWith('Move port')), ['Move port 22']);
    assert.equal(result.text.match(/order: 1/g)?.length, 1);
    assert.deepEqual(errors(result.text), []);
  } finally {
    providers.delete('failsafe-port');
  }
});

test('cross-document rules report no errors, which is why a fix is checked within its own document only', () => {
  // verify.ts re-analyses only the document a fix edits. That is enough only while no workspace
  // rule can turn another document's state into an error; a new error-level workspace rule must
  // come with a cross-document check in the fix engine.
  assert.deepEqual(WORKSPACE_RULES.filter((r) => r.severity === 'error').map((r) => r.code), []);
});
