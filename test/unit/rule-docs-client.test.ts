/**
 * The extension's rule pages (client/src/ruleDocs.ts), run against a small fake of the `vscode`
 * module (test/support/fake-vscode.ts): a diagnostic's link (`<scheme>://<extension id>/rules/
 * <code>.md`, the base the extension gives the server) reaches the URI handler, which opens the
 * Markdown preview of `calico-docs:/rules/<code>.md`; the `calico-docs:` file system serves the
 * packaged pages read-only, resolves the pages' relative links, and cannot reach outside `docs/`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeVscode, requireWithVscode, Uri, type FakeVscode } from '../support/fake-vscode';

const ROOT = join(__dirname, '..', '..');

interface RuleDocsModule {
  registerRuleDocs(context: unknown): void;
  ruleDocsBase(context: unknown): string;
}

function load(): { fake: FakeVscode; mod: RuleDocsModule; context: { subscriptions: unknown[]; extensionUri: Uri; extension: { id: string } } } {
  const fake = fakeVscode('vscode-insiders');
  const mod = requireWithVscode<RuleDocsModule>(join(ROOT, 'client', 'src', 'ruleDocs.ts'), fake);
  const context = { subscriptions: [] as unknown[], extensionUri: Uri.file(ROOT), extension: { id: 'calico-policy-tools.calico-policy-tools' } };
  mod.registerRuleDocs(context);
  return { fake, mod, context };
}

test('the link base uses the editor\'s own URI scheme and the extension id', () => {
  const { mod, context } = load();
  assert.equal(mod.ruleDocsBase(context), 'vscode-insiders://calico-policy-tools.calico-policy-tools/rules/');
});

test('a rule link opens the rendered page; anything else is ignored', () => {
  const { fake } = load();
  const [handler] = fake.uriHandlers;
  handler!.handleUri(Uri.parse('vscode-insiders://calico-policy-tools.calico-policy-tools/rules/unknown-field.md'));
  handler!.handleUri(Uri.parse('vscode-insiders://calico-policy-tools.calico-policy-tools/rules/../../etc/passwd'));
  handler!.handleUri(Uri.parse('vscode-insiders://calico-policy-tools.calico-policy-tools/other'));
  assert.equal(fake.executed.length, 1);
  assert.equal(fake.executed[0]!.command, 'markdown.showPreview');
  assert.equal(String(fake.executed[0]!.args[0]), 'calico-docs:/rules/unknown-field.md');
});

test('the calico-docs file system serves the packaged pages read-only, relative links included', async () => {
  const { fake } = load();
  const entry = fake.providers.get('calico-docs')!;
  assert.deepEqual(entry.options, { isCaseSensitive: true, isReadonly: true });
  const fs = (fake.module['workspace'] as { fs: { readFile(u: Uri): Promise<Uint8Array>; stat(u: Uri): Promise<{ permissions?: number }> } }).fs;
  const page = await fs.readFile(Uri.from({ scheme: 'calico-docs', path: '/rules/unknown-field.md' }));
  assert.equal(Buffer.from(page).toString('utf8'), readFileSync(join(ROOT, 'docs', 'rules', 'unknown-field.md'), 'utf8'));
  assert.equal((await fs.stat(Uri.from({ scheme: 'calico-docs', path: '/rules/unknown-field.md' }))).permissions, 1);
  // A rule page's `../suppressing.md`, resolved against its own URI, is served too.
  const linked = Uri.joinPath(Uri.from({ scheme: 'calico-docs', path: '/rules/failsafe-port.md' }), '..', '..', 'suppressing.md');
  assert.match(Buffer.from(await fs.readFile(linked)).toString('utf8'), /calico-ignore/);
  // Nothing outside docs/ (package.json is one level up) and no writes.
  await assert.rejects(fs.readFile(Uri.from({ scheme: 'calico-docs', path: '/../package.json' })), /not found/);
  assert.throws(() => entry.provider.writeFile(Uri.from({ scheme: 'calico-docs', path: '/rules/x.md' }), new Uint8Array(), {}), /no permissions/);
});

test('the command opens a page by code, or asks with the list of codes', async () => {
  const { fake } = load();
  const run = fake.commands.get('calico.showRuleDocumentation')!;
  await run('type-mismatch');
  assert.equal(String(fake.executed.at(-1)!.args[0]), 'calico-docs:/rules/type-mismatch.md');
  await run('../../x');
  assert.equal(fake.warnings.length, 1);
  fake.quickPickAnswer = 'invalid-value';
  await run();
  assert.ok(fake.quickPickItems[0]!.includes('misspelled-kind') && fake.quickPickItems[0]!.includes('invalid-value'));
  assert.equal(String(fake.executed.at(-1)!.args[0]), 'calico-docs:/rules/invalid-value.md');
});

test('the manifest declares what the client uses: the trace setting, the commands, onUri; the pages ship', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.configuration.properties['calico.trace.server'].enum, ['off', 'messages', 'verbose']);
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  const client = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8') + readFileSync(join(ROOT, 'client', 'src', 'ruleDocs.ts'), 'utf8');
  const registered = [...client.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).concat(client.includes('registerCommand(SHOW_RULE_DOCS_COMMAND') ? ['calico.showRuleDocumentation'] : []);
  assert.deepEqual(registered.sort(), contributed);
  assert.ok(pkg.activationEvents.includes('onUri'));
  // The LanguageClient id is the settings section, so vscode-languageclient reads calico.trace.server.
  assert.match(readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8'), /const CLIENT_ID = SETTINGS_SECTION;[\s\S]*new LanguageClient\(CLIENT_ID,/);
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
  assert.ok(ignore.includes('!docs/rules/*.md') && ignore.includes('!docs/suppressing.md'));
});
