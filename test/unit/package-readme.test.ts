/**
 * The marketplace page is the package README (packaging/README.md, given to vsce with
 * --readme-path), so it is tested like code:
 *
 * - Every link and image works on the marketplace page and in VS Code's extension view: absolute
 *   `https:` only. There is no public repository, so a relative link has nothing to resolve
 *   against (vsce, run with --no-rewrite-relative-links, leaves it as it is), and VS Code shows an
 *   extension's README in a webview whose content policy admits only `https:` and `data:` images.
 *   A file that ships in the .vsix is no exception: the marketplace page cannot open it either.
 * - Links into Calico's resource reference name pages of the docs snapshot
 *   (test/fixtures/calico-docs-anchors.json), and their anchors exist there.
 * - Every setting of `contributes.configuration` has a row in the Settings table with its type,
 *   its default and every allowed value; every command of `contributes.commands` a row with its
 *   title as the palette shows it and its id; and the tables name nothing that package.json lacks.
 * - The manifest: an icon that is the PNG scripts/gen-icon.mjs draws (128×128), the README path
 *   the scripts pass to vsce, no placeholder `repository`, marketplace categories and banner.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(__dirname, '..', '..');
const README_PATH = 'packaging/README.md';
const README = readFileSync(join(ROOT, README_PATH), 'utf8');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  icon?: string;
  repository?: unknown;
  categories?: string[];
  galleryBanner?: { color?: string; theme?: string };
  scripts: Record<string, string>;
  contributes: {
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[] }> };
    commands: { command: string; title: string; category?: string }[];
  };
};

/** The README without its fenced code blocks and code spans, where nothing is a link. */
function prose(markdown: string): string {
  const lines: string[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (!fence) lines.push(line.replace(/`[^`\n]*`/g, ''));
  }
  return lines.join('\n');
}

/** Every link target of the README: Markdown links and images, references, HTML href/src, autolinks. */
function linkTargets(markdown: string): { target: string; image: boolean }[] {
  const text = prose(markdown);
  const out: { target: string; image: boolean }[] = [];
  for (const m of text.matchAll(/(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"\n]*")?\s*\)/g)) out.push({ target: m[2]!, image: m[1] === '!' });
  for (const m of text.matchAll(/^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push({ target: m[1]!, image: false });
  for (const m of text.matchAll(/<(img|a|video|source)\b[^>]*?\b(src|href)\s*=\s*["']([^"']*)["']/gi)) out.push({ target: m[3]!, image: m[1]!.toLowerCase() !== 'a' });
  for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)) out.push({ target: m[1]!, image: false });
  return out;
}

/** The rows of the Markdown table under the heading `## <title>`, as arrays of cells. */
function tableRows(markdown: string, title: string): string[][] {
  const at = markdown.indexOf(`\n## ${title}\n`);
  assert.ok(at >= 0, `${README_PATH} has no "## ${title}" section`);
  const section = markdown.slice(at + title.length + 5).split(/\n## /)[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

test('the package README links only to absolute https URLs, images included', () => {
  const links = linkTargets(README);
  assert.ok(links.length >= 3, `expected the README's links to be found, got ${links.length}`);
  for (const { target, image } of links) {
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      url = undefined;
    }
    assert.ok(url, `${image ? 'image' : 'link'} "${target}" is relative: nothing on the marketplace page resolves it (there is no public repository); use an absolute https URL`);
    assert.equal(url.protocol, 'https:', `${image ? 'image' : 'link'} "${target}" is not https`);
    if (image) assert.ok(!/\.svg$/i.test(url.pathname), `image "${target}": vsce refuses SVG images`);
  }
});

test('the link finder sees every form of link, so the check above can fail', () => {
  const found = linkTargets(
    [
      'See [a page](docs/rules/x.md "title"), ![shot](images/diagnostics.png), <https://example.org/a>,',
      '<img src="images/quick-fix.png"> and <a href="../README.md">up</a>.',
      '[ref]: docs/suppressing.md',
      '`[not](a-link.md)`',
      '```',
      '[also not](inside-a-fence.md)',
      '```',
    ].join('\n'),
  ).map((l) => `${l.image ? '!' : ''}${l.target}`);
  assert.deepEqual(found.sort(), ['!images/diagnostics.png', '!images/quick-fix.png', '../README.md', 'docs/rules/x.md', 'docs/suppressing.md', 'https://example.org/a'].sort());
});

test("links into Calico's resource reference name pages and anchors that exist", () => {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'calico-docs-anchors.json'), 'utf8')) as { pages: Record<string, string[]> };
  let checked = 0;
  for (const { target } of linkTargets(README)) {
    const m = /^https:\/\/docs\.tigera\.io\/calico\/latest\/reference\/resources\/([a-z0-9-]+)(?:#([^/?#]+))?$/.exec(target);
    if (!m) continue;
    checked++;
    const anchors = snapshot.pages[m[1]!];
    assert.ok(anchors, `${target}: no page "${m[1]}" in Calico's resource reference`);
    if (m[2]) assert.ok(anchors.includes(m[2]), `${target}: no anchor "${m[2]}" on that page`);
  }
  assert.ok(checked >= 1, 'expected at least one link into the resource reference');
});

test('every setting is documented in the Settings table with its type, default and values', () => {
  const rows = tableRows(README, 'Settings');
  const properties = MANIFEST.contributes.configuration.properties;
  const documented = new Map(rows.map((cells) => [cells[0]!.replace(/`/g, ''), cells]));
  for (const [key, spec] of Object.entries(properties)) {
    const cells = documented.get(key);
    assert.ok(cells, `setting ${key} has no row in the Settings table of ${README_PATH}`);
    const [, type, defaultValue, what] = cells;
    assert.equal(defaultValue, `\`${JSON.stringify(spec.default)}\``, `${key}: the default shown differs from package.json`);
    if (spec.enum) for (const value of spec.enum) assert.ok(type!.includes(`\`"${value}"\``), `${key}: the type column does not list "${value}"`);
    else assert.equal(type, spec.type, `${key}: the type column differs from package.json`);
    assert.ok(what && what.length > 20, `${key}: the row does not say what the setting does`);
  }
  for (const key of documented.keys()) assert.ok(key in properties, `the Settings table documents ${key}, which package.json does not contribute`);
});

test('every command is documented with its palette title and id', () => {
  const rows = tableRows(README, 'Commands');
  const documented = new Set<string>();
  for (const [name] of rows) {
    const m = /^\*\*(.+)\*\* \(`([^`]+)`\)$/.exec(name!);
    assert.ok(m, `a Commands row should start "**Category: Title** (\`id\`)", got ${name}`);
    const command = MANIFEST.contributes.commands.find((c) => c.command === m[2]);
    assert.ok(command, `the Commands table documents ${m[2]}, which package.json does not contribute`);
    assert.equal(m[1], command.category ? `${command.category}: ${command.title}` : command.title, `${m[2]}: the title differs from the palette's`);
    documented.add(m[2]!);
  }
  for (const { command } of MANIFEST.contributes.commands) assert.ok(documented.has(command), `command ${command} is not documented in ${README_PATH}`);
});

test('the README tells users about the command line and how rule pages open', () => {
  assert.match(README, /`calico-lint`/);
  assert.match(README, /`calico-language-server`/);
  assert.match(README, /Problems panel/);
  assert.match(README, /read-only/);
});

let gen: { SIZE: number; drawIcon(size?: number): Buffer; decodePng(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number; pixels: Buffer } };
before(async () => {
  gen = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-icon.mjs')).href)) as typeof gen;
});

test('the icon is the 128×128 PNG that scripts/gen-icon.mjs draws', () => {
  assert.equal(MANIFEST.icon, 'packaging/icon.png');
  const png = gen.decodePng(readFileSync(join(ROOT, MANIFEST.icon)));
  assert.deepEqual([png.width, png.height, png.bitDepth, png.colourType], [128, 128, 8, 6]);
  assert.ok(Buffer.compare(png.pixels, gen.drawIcon(gen.SIZE)) === 0, 'packaging/icon.png holds other pixels than scripts/gen-icon.mjs draws: run node scripts/gen-icon.mjs');
  // The design is drawn, not empty: transparent corners, an opaque middle, several colours.
  const alpha = (x: number, y: number) => png.pixels[(y * 128 + x) * 4 + 3];
  assert.equal(alpha(0, 0), 0);
  assert.equal(alpha(64, 64), 255);
  const colours = new Set<number>();
  for (let i = 0; i < png.pixels.length; i += 4) if (png.pixels[i + 3] === 255) colours.add(png.pixels.readUInt32BE(i));
  assert.ok(colours.size >= 4, `expected a drawing of several colours, got ${colours.size}`);
});

test('the manifest is fit for the marketplace', () => {
  for (const name of ['package', 'package:ls']) assert.ok(MANIFEST.scripts[name]!.includes(`--readme-path ${README_PATH}`), `the ${name} script must pass --readme-path ${README_PATH} to vsce`);
  // Without --no-rewrite-relative-links vsce itself refuses a relative link or image when there is
  // no repository to resolve it against, a second guard next to the test above.
  assert.ok(!MANIFEST.scripts.package!.includes('--no-rewrite-relative-links'), 'let vsce refuse relative links too');
  assert.ok(MANIFEST.scripts.package!.includes('--allow-missing-repository'), 'without a repository field vsce asks a question in a terminal; the package script answers it');
  assert.ok(!/example\.(invalid|com|org)/.test(JSON.stringify(MANIFEST.repository ?? '')), 'no placeholder repository');
  // The allowed values listed at https://code.visualstudio.com/api/references/extension-manifest
  const MARKETPLACE_CATEGORIES = new Set(['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other', 'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing']);
  assert.ok((MANIFEST.categories ?? []).length > 0);
  for (const c of MANIFEST.categories ?? []) assert.ok(MARKETPLACE_CATEGORIES.has(c), `category ${c} is not one of the marketplace's`);
  assert.match(MANIFEST.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(MANIFEST.galleryBanner?.theme ?? ''));
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(!ignore.includes('!README.md'), "the repository's README must not ship: the package README is packaging/README.md");
  assert.ok(ignore.includes(`!${MANIFEST.icon}`), '.vscodeignore must bring the icon back');
});
