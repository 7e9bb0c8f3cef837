/**
 * Shared inputs for the differential tests of the faster YAML paths (`cst-tree.test.ts` for the CST
 * path, `quick-parse.test.ts` for the quick path) against the reference path: hand-written tables
 * of texts, a seeded PRNG, a mutator that damages texts at the character and line level, and the
 * corpus the fuzzing starts from (generated Calico documents and every fixture of the repository).
 *
 * It lives outside the test files so that both can import it without registering each other's
 * tests. Everything here is deterministic for a given seed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitSegments } from '../../server/src/core/yaml/segments';

/** The same text with CRLF line ends. */
export const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

// Texts the CST fast path must handle itself (and get exactly right).
export const FAST: Record<string, string> = {
  'block map': 'a: b\nc: d\n',
  'nested block maps': 'a:\n  b:\n    c: d\n  e: f\ng: h\n',
  'indented sequence': 'a:\n  - x\n  - y\n',
  'indentless sequence': 'a:\n- x\n- y\nb: 1\n',
  'sequence of maps': 'rules:\n  - action: Allow\n    protocol: TCP\n  - action: Deny\n',
  'nested sequences': '- - a\n  - b\n- - c\n',
  'root sequence': '- a\n- b\n',
  'root scalar': 'hello\n',
  'root quoted scalar': '"hello"\n',
  'no final newline': 'a: b',
  'trailing spaces': 'a: b   \nc:   \n  - x  \nd: "q"  \n',
  'empty values': 'a:\nb:\nc: d\n',
  'empty value with comment': 'a: # nothing\nb: 1\n',
  'empty value at end': 'a: 1\nb:',
  'empty sequence items': '- \n-\n- a\n-',
  'empty item with comment': '- # c\n- a\n',
  'comments everywhere': '# head\na: b # trailing\n# between\nc:\n  # inside\n  d: e # t\n  # after\n# end\n',
  'comment lines in a sequence': 'a:\n  - x\n  # c\n  - y\n  # last\nb: 2\n',
  'comment after the last item': 'a:\n  b: c\n# tail\n',
  'comment after the last sequence item': 'a:\n  - x\n  # c\n',
  'comment after the last nested item': 'a:\n  b:\n    - x\n    # c\n  # d\n',
  'comment after the last item of a root sequence': '- a\n  # c\n',
  'comment after a flow collection': 'a: [b] # c\nd: {e: f} # g\n',
  'indented comment after the last item': 'a:\n  b: c\n    # deeper\n',
  'blank lines': '\n\na: b\n\n\nc: d\n\n',
  'flow map': 'a: {b: c, d: e}\n',
  'flow sequence': 'a: [1, 2, 3]\n',
  'nested flow': '{a: [1, {b: c}]}\n',
  'nested flow in a map': 'x: {a: [1, {b: c}], d: []}\n',
  'empty flows': 'a: []\nb: {}\nc: [ ]\nd: { }\n',
  'flow trailing comma': 'a: [1, 2,]\nb: {c: d,}\n',
  'flow closing at the parent indentation': 'x:\n  a: [b\n  ]\n',
  'flow on several lines': 'a: [\n  1,\n  2\n]\nb: {\n  c: d,\n  e: f\n  }\n',
  'flow with comments': 'a: [ # first\n  1, # one\n  2 # two\n  ]\n',
  'flow map with empty value': 'a: {b: , c: d}\n',
  'flow map key without value': 'a: {b, c: d}\n',
  'flow sequence pairs': 'a: [b: c, d, e: ]\n',
  'flow sequence pair with empty key': 'a: [: c]\n',
  'flow quoted items': 'a: ["x", \'y\', "z: w"]\n',
  'flow map as key': '{a: b}: c\n',
  'flow sequence at root': '[a, b]\n',
  'flow map at root over lines': '{\n  a: 1,\n  b: [x, y]\n}\n',
  'quoted keys': '"a b": 1\n\'c\': 2\n"": 3\n',
  'colon in plain scalars': 'ports: ["1000:2000", 80:90]\nurl: http://x/y\n',
  'multi-line plain scalar': 'a: b\n  c\n\n  d\ne: f\n',
  'multi-line plain scalar in a sequence': '- one\n  two\n- three\n',
  'multi-line double-quoted': 'a: "b\n  c\n\n  d"\n',
  'multi-line single-quoted': "a: 'b\n  c\n\n  d'\n",
  'quote escapes': 'a: "t\\tu\\u00e9x\\x41 \\"q\\" \\\\"\nb: \'it\'\'s\'\n',
  'escaped line break': 'a: "b\\\n  c"\n',
  'literal block': 'a: |\n  line 1\n  line 2\nb: c\n',
  'folded block': 'a: >\n  one\n  two\n\n  three\n    more\nb: c\n',
  'block chomping': 'a: |-\n  x\n\nb: |+\n  y\n\nc: >-\n  z\n',
  'block indentation indicator': 'a: |2\n    indented\n  x\nb: >1-\n  y\n',
  'block with comment header': 'a: | # note\n  x\n',
  'block with blank lines': 'a: |\n\n  x\n\n\n  y\n\n\nb: 1\n',
  'block in a sequence': '- |\n  x\n- >\n  y\n',
  'empty block scalar': 'a: |\nb: >\n',
  'unicode': 'név: érték\n名前: "値 😀"\nemoji: 😀 x\n',
  'unicode offsets': 'a: "😀😀"\nb: c\n',
  'doc start': '---\na: b\n',
  'doc start with comment': '--- # first\na: b\n',
  'doc start with scalar': '--- hello\n',
  'doc start with flow': '--- {a: b}\n',
  'doc end': 'a: b\n...\n',
  'doc end with comment': 'a: b\n... # done\n',
  'several documents': 'a: 1\n---\nb: 2\n--- # c\n- x\n...\n---\nc: 3\n',
  'empty document': '---\n',
  'empty documents': '---\n---\n# c\n---\n',
  'only comments': '# just a comment\n# another\n',
  'empty text': '',
  'only whitespace': '\n  \n\n',
  'only doc end after a doc': '---\n...\n',
  'plain scalar typing': 'a: yes\nb: ~\nc: 0x1F\nd: 1_000\ne: .inf\nf: 2024-01-02\ng: 0o17\nh: -0b101\ni: 1e3\nj: 012\nk: null\nl: 3.0\nm: +5\nn: .5\no: Off\n',
  'typed keys': 'true: 1\n1: 2\n~: 3\n0x10: 4\n',
  'words named like object members': 'constructor: toString\n__proto__: [valueOf, hasOwnProperty]\n',
  'quoted typing': 'a: "yes"\nb: \'1\'\nc: "~"\n',
  'tab inside a value': 'a: b\tc\nd: "e\tf"\n',
  'tab before a comment': 'a: b\t# c\n',
  'key with spaces': 'my key: my value\n',
  'deep nesting': 'a:\n  b:\n    c:\n      d:\n        e:\n          - f:\n              g: [h, {i: j}]\n',
  'long key': `${'k'.repeat(1000)}: v\n`,
  'byte order mark': '\ufeffa: b\n',
  'calico resource': `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-dns # why
  labels: {team: net}
spec:
  order: 100
  selector: "role == 'db'"
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      source:
        nets: [10.0.0.0/8]
        selector: app == 'x'
      destination:
        ports: [80, "8000:8080"]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      ports:
        - 53
`,
};

// Texts with problems or rare constructs: a faster path may decline; if it answers, it must agree.
export const OTHER: Record<string, string> = {
  'tab indentation': 'a:\n\tb: c\n',
  'tab after indentation': 'a:\n  \tb: c\n',
  'tab before a value': 'a:\n \t- b\n',
  'duplicate keys': 'a: 1\nb: 2\na: 3\n',
  'duplicate keys across styles': 'a: 1\n"a": 2\n',
  'duplicate flow keys': 'x: {a: 1, a: 2}\n',
  'duplicate empty keys': ': 1\n"": 2\n',
  'explicit key': '? a\n: b\n',
  'explicit flow key': '{? a: b}\n',
  'anchor and alias': 'a: &x 1\nb: *x\n',
  'alias to a map': 'a: &x {p: 1}\nb: *x\n',
  'unknown alias': 'b: *x\n',
  'merge key': 'a: &x {p: 1}\nb:\n  <<: *x\n  q: 2\n',
  'inline merge key': 'b:\n  <<: {p: 1}\n',
  'tag': 'a: !!str 1\nb: !foo x\n',
  'tagged collection': 'a: !!map {b: c}\n',
  'directive': '%YAML 1.2\n---\na: b\n',
  'unclosed flow': 'a: [b, c\n',
  'unclosed flow map': 'a: {b: c\nd: e\n',
  'bad indentation': 'a:\n  b: c\n d: e\n',
  'more indentation': 'a: b\n  c: d\n',
  'compact nested map': 'a: b: c\n',
  'sequence then map': '- a\nb: c\n',
  'unterminated double quote': 'a: "b\n',
  'unterminated single quote': "a: 'b\n",
  'comment without space after quote': 'a: "b"#c\n',
  'hash inside plain scalar': 'a: b#c\n',
  'multi-line implicit key': 'a\nb: c\n',
  'key over 1024 characters': `${'k'.repeat(1030)}: v\n`,
  'reserved start': 'a: @b\nc: `d\n',
  'block scalar at root without indent': '|\nx\n',
  'block scalar header error': 'a: |x\n  y\n',
  'less indented block line': 'a: |\n    x\n  y\n',
  'block map on the doc start line': '--- a: b\n',
  'doc end first': '...\na: b\n',
  'comment after doc end without space': 'a: b\n...#c\n',
  'flow missing comma': 'a: [b c: d]\n',
  'flow empty item': 'a: [b, , c]\n',
  'flow leading comma': 'a: [, b]\n',
  'flow map missing colon': 'a: {b "c"}\n',
  'flow block inside': 'a: [\n- b\n]\n',
  'multi-line flow sequence key': 'a: [b\n : c]\n',
  'flow closing not indented': 'a:\n  b: [\n  c\n  ]\n',
  'bad escape': 'a: "\\q"\n',
  'deeper than the limit': `${'['.repeat(300)}${']'.repeat(300)}\n`,
  'nested too deeply for the tree': `${'- '.repeat(600)}x\n`,
  'seq item indicator in key position': '- 1\n  - 2\n',
  'stray document marker content': 'a: b\n--- c: d\n',
  'percent plain': 'a: %b\n',
  'comma plain': 'a: ,b\n',
  'question mark plain': 'a: ?b\n? \n',
  'colon plain': ':a: b\n',
  'only a doc end': '...\n',
  'comment after a comma without space': '[a,#c\n]\n',
  'comment after a flow end without space': 'a: [b]#c\nd: {e: f}#g\n',
  'comment after a sequence indicator': '-#c\n- a\n',
  'comment after a colon': 'a:#c\nb: 1\n',
  'empty flow item before a comment': '[a, # c\n , b]\n',
  'multi-line flow sequence pair key': '[a\n b: c]\n',
  'multi-line quoted flow sequence pair key': '["a\n b": c]\n',
  'multi-line flow map as a flow sequence pair key': '[{a: b,\n c: d}: e]\n',
  'tab before a sequence indicator': '- a\n\t- b\n',
  'tab on an empty line': 'a:\n\t\n  b: c\n',
  'tab after a colon': 'a: \t\n  - b\n',
  'comment before a comma': '[a # c\n, b]\n',
  'comma on the next line': '[a, b\n , c]\n',
  'flow sequence closed by a brace': '[a, b}\n',
  'flow map closed by a bracket': '{a: b]\n',
  'mismatched flow close in a map': 'a: [b}\n',
  'flow items without a comma': '["a" "b"]\n',
  'flow items on two lines without a comma': '["a"\n "b"]\n',
  'flow sequences without a comma': '[[a] [b]]\n',
  'key without a colon': 'a: 1\nb\n',
  'only a directive': '%YAML 1.2\n',
  'carriage returns alone': 'a: b\rc: d\r',
  'line separator characters': 'a: "x\u2028y"\nb: x\u2028y\nc: \u0085z\n',
  'control characters': 'a: b\u0000c\nd: "\u0007"\n',
  'byte order mark inside': 'a: b\n\ufeffc: d\n',
  'only a byte order mark': '\ufeff',
  'lone surrogate': '\ud800: x\ny: "\udc00"\n',
  'garbage': '}{][:,-?&*!|>\'"%@`\n',
};

// --- Differential fuzzing ---------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every run fuzzes the same cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INSERTS = ['\n# c', '\n  # c', '\n    #c', ' # c', '#c', ' ', ' ', '  ', '\t', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '\n', '\r\n', '\r', '?', '? ', '&a ', '*a', '!!str ', '|', '>', '|-', 'a', '0', '.', '\\', '...', '---', '%', '@', '<<: ', 'é', '😀', '\ufeff'];

export function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const at = (): number => Math.floor(rnd() * (text.length + 1));
  const op = Math.floor(rnd() * 10);
  switch (op) {
    case 0: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1 + Math.floor(rnd() * 3));
    }
    case 1:
    case 2: {
      const i = at();
      return text.slice(0, i) + pick(INSERTS) + text.slice(i);
    }
    case 3: {
      const i = at();
      const j = Math.min(text.length, i + 1 + Math.floor(rnd() * 12));
      return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    }
    default: {
      const lines = text.split('\n');
      const l = Math.floor(rnd() * lines.length);
      const line = lines[l]!;
      switch (op) {
        case 4: {
          const m = Math.floor(rnd() * lines.length);
          lines[l] = lines[m]!;
          lines[m] = line;
          break;
        }
        case 5:
          lines[l] = ' '.repeat(1 + Math.floor(rnd() * 3)) + line;
          break;
        case 6:
          lines[l] = line.replace(/^ {1,3}/, '');
          break;
        case 7:
          lines[l] = (rnd() < 0.5 ? '\t' : ' \t') + line;
          break;
        case 8:
          lines.splice(l, 0, line);
          break;
        default:
          lines.splice(l, 1);
      }
      return lines.join('\n');
    }
  }
}

export async function corpus(): Promise<string[]> {
  const out: string[] = [];
  // Generated Calico documents, in the style variety of the benchmark (bench/gen.mjs).
  const gen = (await import('../../bench/lib/calico-gen.mjs' as string)) as { generate(o: object): { text: string } };
  const g = gen.generate({ docs: 150, invalid: 0.1, semanticInvalid: 0.05, seed: 7 }).text;
  const segments = splitSegments(g);
  for (const s of segments) out.push(g.slice(s.start, s.end));
  // A run of documents in one text, so `---` between documents gets mutated too.
  out.push(g.slice(0, segments[12]!.start));
  // The repository's fixtures: every rule's valid and invalid examples.
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml')) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(__dirname, '..', 'fixtures'));
  // The hand-written cases above, which are dense in constructs.
  out.push(...Object.values(FAST), ...Object.values(OTHER));
  return out;
}
