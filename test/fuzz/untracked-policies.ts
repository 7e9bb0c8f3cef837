/**
 * A seeded generator of untracked and pre-DNAT policy files, for the fix-contract property test.
 *
 * It builds a small YAML tree (maps, lists, scalars, aliases, `<<` merges, explicit `?` keys,
 * empty values) and writes it in randomly chosen styles: block or flow collections, two or four
 * spaces, sequences indented under their key or not, LF or CRLF, comments after values, on lines of
 * their own and after empty values. The content mixes the flags (`doNotTrack`, `preDNAT`,
 * `applyOnForward` true, false, absent, empty or aliased), `types` (listed, aliased, anchored),
 * rules with and without protocol, numeric, named and ranged ports, `notPorts`, ICMP, peers,
 * rules and rule lists shared through anchors, specs merged from another resource, and extra
 * documents (a HostEndpoint, a reply policy).
 *
 * Keys are now and then quoted, and comments now and then hold non-ASCII text. Every comment is
 * `# c<n>` (maybe followed by more text) with a unique n, so a test can count them exactly without a YAML
 * lexer of its own. The same seed always gives the same file.
 */

import { random, type Rand } from '../support/random';

export { random, type Rand };

/** The YAML we write: `text` is an already-rendered scalar. */
type Node =
  | { t: 'scalar'; text: string; anchor?: string }
  | { t: 'alias'; name: string }
  | { t: 'empty' }
  | { t: 'map'; pairs: Pair[]; flow: boolean; anchor?: string; merge?: string[] }
  | { t: 'seq'; items: Node[]; flow: boolean; anchor?: string };

interface Pair {
  key: string;
  value: Node;
  /** Written as `? key` / `: value`. */
  explicit?: boolean;
  /** The key is written in double quotes. */
  quoted?: boolean;
}

interface Style {
  unit: number;
  /** Spaces before `-` relative to the key of a block sequence. */
  seqOffset: number;
  eol: string;
}

class Writer {
  private comment = 0;
  constructor(private readonly r: Rand, private readonly commentRate: number) {}

  /** ` # c<n>` now and then (always when `force`). */
  trailing(force = false): string {
    // Now and then with non-ASCII text, which moves UTF-16 offsets away from byte offsets.
    return force || this.r.chance(this.commentRate) ? ` # c${++this.comment}${this.r.chance(0.1) ? ' – ünïcödé ✓' : ''}` : '';
  }

  /** A whole-line comment at `indent`, now and then. */
  line(indent: number): string[] {
    return this.r.chance(this.commentRate / 2) ? [`${' '.repeat(indent)}# c${++this.comment}`] : [];
  }

  flow(n: Node): string {
    switch (n.t) {
      case 'scalar':
        return `${n.anchor ? `&${n.anchor} ` : ''}${n.text}`;
      case 'alias':
        return `*${n.name}`;
      case 'empty':
        return '';
      case 'seq':
        return `${n.anchor ? `&${n.anchor} ` : ''}[${n.items.map((i) => this.flow(i)).join(', ')}]`;
      case 'map': {
        const parts = (n.merge ?? []).map((m) => `<<: *${m}`);
        for (const p of n.pairs) parts.push(p.value.t === 'empty' ? `${p.key}:` : `${p.key}: ${this.flow(p.value)}`);
        return `${n.anchor ? `&${n.anchor} ` : ''}{${parts.join(', ')}}`;
      }
    }
  }

  /** Whether `n` is written on the line of its key. */
  private inline(n: Node): boolean {
    return n.t === 'scalar' || n.t === 'alias' || n.t === 'empty' || ((n.t === 'map' || n.t === 'seq') && (n.flow || (n.t === 'seq' ? n.items.length === 0 : n.pairs.length === 0 && !n.merge?.length)));
  }

  /** The lines of a block mapping's pairs at `indent`. */
  mapLines(n: Extract<Node, { t: 'map' }>, indent: number, s: Style): string[] {
    const pad = ' '.repeat(indent);
    const out: string[] = [];
    for (const m of n.merge ?? []) out.push(`${pad}<<: *${m}${this.trailing()}`);
    for (const pair of n.pairs) {
      const p = pair.quoted ? { ...pair, key: `"${pair.key}"` } : pair;
      out.push(...this.line(indent));
      if (p.explicit && this.inline(p.value)) {
        out.push(`${pad}? ${p.key}`);
        out.push(p.value.t === 'empty' ? `${pad}:${this.trailing()}` : `${pad}: ${this.flow(p.value)}${this.trailing()}`);
        continue;
      }
      if (this.inline(p.value)) {
        const v = p.value.t === 'empty' ? '' : ` ${this.flow(p.value.t === 'map' || p.value.t === 'seq' ? { ...p.value, flow: true } : p.value)}`;
        // An empty value is where a comment is most easily lost: give it one most of the time.
        out.push(`${pad}${p.key}:${v}${this.trailing(p.value.t === 'empty' && this.r.chance(0.7))}`);
        continue;
      }
      const v = p.value as Extract<Node, { t: 'map' | 'seq' }>;
      out.push(`${pad}${p.key}:${v.anchor ? ` &${v.anchor}` : ''}${this.trailing()}`);
      if (v.t === 'map') out.push(...this.mapLines(v, indent + s.unit, s));
      else out.push(...this.seqLines(v, indent + s.seqOffset, s));
    }
    return out;
  }

  /** The lines of a block sequence's items, dashes at `indent`. */
  seqLines(n: Extract<Node, { t: 'seq' }>, indent: number, s: Style): string[] {
    const pad = ' '.repeat(indent);
    const out: string[] = [];
    for (const item of n.items) {
      out.push(...this.line(indent));
      if (this.inline(item)) {
        out.push(`${pad}- ${this.flow(item.t === 'map' || item.t === 'seq' ? { ...item, flow: true } : item)}${this.trailing()}`);
      } else if (item.t === 'map') {
        if (item.anchor) {
          out.push(`${pad}- &${item.anchor}${this.trailing()}`);
          out.push(...this.mapLines(item, indent + 2, s));
        } else {
          const lines = this.mapLines(item, indent + 2, s);
          // The first pair goes on the dash's line (skipping comment lines before it).
          const first = lines.findIndex((l) => !l.trimStart().startsWith('#'));
          out.push(...lines.slice(0, first), `${pad}- ${lines[first]!.slice(indent + 2)}`, ...lines.slice(first + 1));
        }
      } else if (item.t === 'seq') {
        out.push(`${pad}-${item.anchor ? ` &${item.anchor}` : ''}`);
        out.push(...this.seqLines(item, indent + 2, s));
      }
    }
    return out;
  }
}

const S = (text: string, anchor?: string): Node => (anchor ? { t: 'scalar', text, anchor } : { t: 'scalar', text });

interface Ctx {
  r: Rand;
  anchors: number;
  /** Anchored rules and rule lists defined so far, for later aliases and merges. */
  rules: string[];
  lists: string[];
  /** Anchored boolean scalars: name → value. */
  bools: Array<{ name: string; value: boolean }>;
  /** Anchored direction names, and anchored `types` lists. */
  types: string[];
  typeLists: string[];
  flowRate: number;
}

function anchor(c: Ctx, prefix: string): string {
  return `${prefix}${++c.anchors}`;
}

function ports(c: Ctx): Node {
  const r = c.r;
  const items: Node[] = [];
  for (let i = r.int(1, 3); i > 0; i--) {
    items.push(
      r.pick([
        S(String(r.pick([22, 53, 80, 443, 6443, 11211]))),
        S(`'${r.int(1000, 3000)}:${r.int(3001, 9000)}'`),
        S(r.pick(['http', 'metrics', 'dns'])),
        S(`"${r.int(1, 65535)}"`),
        S(`'1:65535'`),
      ]),
    );
  }
  return { t: 'seq', items, flow: r.chance(0.6) };
}

function peer(c: Ctx, withPorts: boolean): Node | undefined {
  const r = c.r;
  const pairs: Pair[] = [];
  if (r.chance(0.4)) pairs.push({ key: 'selector', value: S(r.pick(["role == 'client'", "'app == \"db\"'", 'all()', 'has(k8s-app)'])) });
  if (r.chance(0.3)) pairs.push({ key: 'nets', value: { t: 'seq', items: [S(r.pick(['10.0.0.0/8', '192.168.1.0/24', '10.1.2.3/32']))], flow: r.chance(0.5) } });
  if (r.chance(0.1)) pairs.push({ key: 'namespaceSelector', value: S("name == 'prod'") });
  if (withPorts) pairs.push({ key: r.chance(0.85) ? 'ports' : 'notPorts', value: ports(c) });
  if (pairs.length === 0) return undefined;
  return { t: 'map', pairs, flow: r.chance(c.flowRate) };
}

function rule(c: Ctx): Node {
  const r = c.r;
  if (c.rules.length > 0 && r.chance(0.15)) return { t: 'alias', name: r.pick(c.rules) };
  const pairs: Pair[] = [];
  const merge = c.rules.length > 0 && r.chance(0.1) ? [r.pick(c.rules)] : undefined;
  pairs.push({ key: 'action', value: S(r.pick(['Allow', 'Allow', 'Allow', 'Deny', 'Log'])) });
  const proto = r.pick(['TCP', 'TCP', 'UDP', 'ICMP', '', '', '6', 'SCTP', 'tcp']);
  if (proto) pairs.push({ key: 'protocol', value: S(proto) });
  if (proto === 'ICMP' && r.chance(0.5)) pairs.push({ key: 'icmp', value: { t: 'map', pairs: [{ key: 'type', value: S(r.pick(['8', '0', '3'])) }], flow: r.chance(0.5) } });
  // Service ports are on the destination in both directions; client ports are rare.
  const src = peer(c, r.chance(0.1));
  const dst = peer(c, r.chance(0.7));
  if (src) pairs.push({ key: 'source', value: src });
  if (dst) pairs.push({ key: 'destination', value: dst });
  if (r.chance(0.05)) pairs.push({ key: 'ipVersion', value: S(r.pick(['4', '6'])) });
  const node: Node = { t: 'map', pairs, flow: r.chance(c.flowRate), ...(merge ? { merge } : {}) };
  if (r.chance(0.15)) {
    node.anchor = anchor(c, 'r');
    c.rules.push(node.anchor);
  }
  return node;
}

function ruleList(c: Ctx): Node {
  const r = c.r;
  if (c.lists.length > 0 && r.chance(0.2)) return { t: 'alias', name: r.pick(c.lists) };
  if (r.chance(0.1)) return { t: 'empty' };
  if (r.chance(0.04)) return S(r.pick(['~', 'null']));
  const items: Node[] = [];
  for (let i = r.int(r.chance(0.1) ? 0 : 1, 3); i > 0; i--) items.push(rule(c));
  const node: Node = { t: 'seq', items, flow: r.chance(c.flowRate / 2) };
  if (items.length > 0 && r.chance(0.15)) {
    node.anchor = anchor(c, 'l');
    c.lists.push(node.anchor);
  }
  return node;
}

/** A flag's value: a boolean, written plainly, aliased, anchored, empty or null. */
function flag(c: Ctx, value: boolean | 'empty' | 'null'): Node {
  const r = c.r;
  if (value === 'empty') return { t: 'empty' };
  if (value === 'null') return S(r.pick(['~', 'null']));
  const same = c.bools.filter((b) => b.value === value);
  if (same.length > 0 && r.chance(0.4)) return { t: 'alias', name: r.pick(same).name };
  const text = value ? r.pick(['true', 'true', 'True', 'yes', 'on']) : r.pick(['false', 'false', 'no', 'off']);
  if (r.chance(0.25)) {
    const name = anchor(c, value ? 'on' : 'off');
    c.bools.push({ name, value });
    return S(text, name);
  }
  return S(text);
}

function policy(c: Ctx, name: string, opts: { specMerge?: string; anchorSpec?: boolean } = {}): { node: Node; specAnchor?: string } {
  const r = c.r;
  const metadataPairs: Pair[] = [{ key: 'name', value: S(name) }];
  if (r.chance(0.3)) {
    // An annotation that anchors a direction name, for `types: [*t]`.
    const t = anchor(c, 't');
    metadataPairs.push({ key: 'annotations', value: { t: 'map', pairs: [{ key: 'direction', value: S(r.pick(['Ingress', 'Egress']), t) }], flow: r.chance(0.3) } });
    c.types.push(t);
  }
  // Which keys the spec has, in which order, decided before any value is generated: values are
  // generated in text order, so an alias only ever refers to an anchor written before it.
  const keys: string[] = ['selector'];
  if (r.chance(0.3)) keys.push('order');
  const flagKeys = ['doNotTrack', 'preDNAT', 'applyOnForward'];
  if (r.chance(0.5)) flagKeys.reverse();
  keys.push(...flagKeys);
  keys.push('types');
  keys.push(...(r.chance(0.5) ? ['ingress', 'egress'] : ['egress', 'ingress']));
  // A spec merged from another resource says little itself (the merged pairs fill the rest).
  const own = (k: string): boolean => !opts.specMerge || k === 'selector' || r.chance(0.3);
  const spec: Pair[] = [];
  for (const key of keys) {
    if (!own(key)) continue;
    let value: Node | undefined;
    switch (key) {
      case 'selector':
        value = S(r.pick(["role == 'memcached'", 'all()', 'has(node-role.kubernetes.io/worker)']));
        break;
      case 'order':
        value = S(String(r.int(1, 1000)));
        break;
      case 'doNotTrack': {
        const v = r.pick([true, true, true, false, 'absent'] as const);
        if (v !== 'absent') value = flag(c, v);
        break;
      }
      case 'preDNAT': {
        const v = r.pick([false, 'absent', 'absent', true] as const);
        if (v !== 'absent') value = flag(c, v);
        break;
      }
      case 'applyOnForward': {
        const v = r.pick([true, false, 'absent', 'absent', 'empty', 'null'] as const);
        if (v !== 'absent') value = flag(c, v);
        break;
      }
      case 'types': {
        const choice = r.pick(['absent', 'absent', 'Ingress', 'Egress', 'both', 'alias-item', 'alias-list'] as const);
        if (choice === 'absent') break;
        const quote = r.pick(['', "'", '"']);
        const q = (t: string): Node => S(`${quote}${t}${quote}`);
        if (choice === 'alias-list' && c.typeLists.length > 0) value = { t: 'alias', name: r.pick(c.typeLists) };
        else if (choice === 'alias-item' && c.types.length > 0) value = { t: 'seq', items: [{ t: 'alias', name: r.pick(c.types) }], flow: r.chance(0.6) };
        else if (choice === 'both') value = { t: 'seq', items: [q('Ingress'), q('Egress')], flow: r.chance(0.6) };
        else value = { t: 'seq', items: [q(choice === 'Egress' ? 'Egress' : 'Ingress')], flow: r.chance(0.6) };
        if (value.t === 'seq' && r.chance(0.2)) {
          value.anchor = anchor(c, 'tl');
          c.typeLists.push(value.anchor);
        }
        break;
      }
      case 'ingress':
      case 'egress':
        if (r.chance(0.75)) value = ruleList(c);
        break;
    }
    if (!value) continue;
    const pair: Pair = { key, value };
    if (flagKeys.includes(key) && r.chance(0.2)) pair.explicit = true;
    if (r.chance(0.08)) pair.quoted = true;
    spec.push(pair);
  }
  const specNode: Node = { t: 'map', pairs: spec, flow: r.chance(c.flowRate / 3) };
  if (opts.specMerge) specNode.merge = [opts.specMerge];
  let specAnchor: string | undefined;
  if (!opts.specMerge && (opts.anchorSpec || r.chance(0.1))) specNode.anchor = specAnchor = anchor(c, 's');
  const pairs: Pair[] = [
    { key: 'apiVersion', value: S('projectcalico.org/v3') },
    { key: 'kind', value: S(r.chance(0.9) ? 'GlobalNetworkPolicy' : 'StagedGlobalNetworkPolicy') },
    { key: 'metadata', value: { t: 'map', pairs: metadataPairs, flow: false } },
    { key: 'spec', value: specNode },
  ];
  return { node: { t: 'map', pairs, flow: false }, ...(specAnchor ? { specAnchor } : {}) };
}

function hostEndpoint(r: Rand): Node {
  return {
    t: 'map',
    flow: false,
    pairs: [
      { key: 'apiVersion', value: S('projectcalico.org/v3') },
      { key: 'kind', value: S('HostEndpoint') },
      { key: 'metadata', value: { t: 'map', flow: false, pairs: [{ key: 'name', value: S('node1-eth0') }, { key: 'labels', value: { t: 'map', flow: r.chance(0.5), pairs: [{ key: 'role', value: S('memcached') }] } }] } },
      { key: 'spec', value: { t: 'map', flow: false, pairs: [{ key: 'node', value: S('node1') }, { key: 'interfaceName', value: S('eth0') }] } },
    ],
  };
}

export interface Generated {
  text: string;
  /** How many `# c<n>` comments the text holds. */
  comments: number;
}

/** One file: one to three documents, mostly untracked or pre-DNAT policies. */
export function generateFile(seed: number): Generated {
  const r = random(seed);
  const eol = r.chance(0.25) ? '\r\n' : '\n';
  const unit = r.chance(0.7) ? 2 : 4;
  const style: Style = { unit, seqOffset: r.chance(0.5) ? unit : 0, eol };
  const w = new Writer(r, r.chance(0.3) ? 0.05 : 0.35);
  const docs: string[][] = [];
  const docCount = r.int(1, 3);
  for (let d = 0; d < docCount; d++) {
    const c: Ctx = { r, anchors: 0, rules: [], lists: [], bools: [], types: [], typeLists: [], flowRate: r.chance(0.3) ? 0.5 : 0.1 };
    const lines: string[] = [];
    const kind = d === 0 ? 'policy' : r.pick(['policy', 'hep', 'list']);
    if (kind === 'hep') lines.push(...w.mapLines(hostEndpoint(r) as Extract<Node, { t: 'map' }>, 0, style));
    else if (kind === 'policy' && !r.chance(0.2)) lines.push(...w.mapLines(policy(c, `p${d}`).node as Extract<Node, { t: 'map' }>, 0, style));
    else {
      // Resources in a top-level list, so a later one can merge an earlier one's spec.
      const first = policy(c, `p${d}a`, { anchorSpec: r.chance(0.6) });
      const second = policy(c, `p${d}b`, first.specAnchor ? { specMerge: first.specAnchor } : {});
      lines.push(...w.seqLines({ t: 'seq', flow: false, items: [first.node, second.node] }, 0, style));
    }
    docs.push(lines);
  }
  let text = docs.map((l, i) => (i === 0 && !r.chance(0.2) ? '' : `---${w.trailing()}\n`) + l.join('\n') + '\n').join('');
  if (r.chance(0.1)) text = text.slice(0, -1); // no final line break
  if (eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  const comments = (text.match(/# c\d+/g) ?? []).length;
  return { text, comments };
}
