// Generates realistic multi-document Calico (projectcalico.org/v3) YAML from a seed, with a chosen
// share of documents carrying exactly one deliberate mistake, and a manifest saying which.
//
// Mix: ~35% GlobalNetworkPolicy (a quarter of them untracked — doNotTrack + applyOnForward with
// mirrored ingress/egress rules — and some pre-DNAT), ~35% NetworkPolicy, ~15% HostEndpoint,
// ~15% GlobalNetworkSet. About 650 bytes and 30 lines per document.
//
// Invariants the benchmark relies on:
// - Valid documents are valid for Calico: CRD schema, CEL rules and calicoctl's validator (one IP
//   family per rule, no catch-all in notNets, http only on ingress Allow rules with TCP, services
//   only in egress destinations, strictly masked CIDRs, IANA port names, no duplicate set items,
//   HostEndpoints with a node, untracked and pre-DNAT policies with applyOnForward: true, ...).
//   They are also written to stay clear of our own warnings where that is easy: untracked
//   policies mirror every allowed flow, avoid failsafe ports and workload peers, and select
//   HostEndpoints that exist in the same file.
// - Every mutation is something Calico rejects (decoding, CRD schema, CEL or the Go validator).
//   `schema: true` marks the ones a JSON Schema derived from the CRDs can see (what a generic
//   YAML server can find); the others need Calico's own rules.
// - The same options always produce the same bytes.
import { Random } from './random.mjs';
import { HEAD, clone, emitMapping, flowMap, flowSeq, quoted, stripComment, unwrap, withComment } from './yaml-emit.mjs';

const APPS = ['frontend', 'backend', 'api', 'auth', 'billing', 'payments', 'orders', 'inventory', 'search', 'cache', 'postgres',
  'mysql', 'kafka', 'zookeeper', 'nginx', 'prometheus', 'grafana', 'fluentd', 'elasticsearch', 'rabbitmq', 'vault', 'ldap',
  'metrics', 'gateway', 'worker', 'checkout', 'catalog', 'reports'];
const ENVS = ['prod', 'staging', 'dev', 'qa'];
const NAMESPACES = ['default', 'prod', 'staging', 'dev', 'payments', 'monitoring', 'logging', 'web', 'data', 'kube-system', 'ingress-nginx', 'auth'];
const ROLES = ['server', 'client', 'db', 'cache', 'edge', 'worker', 'bastion', 'gateway'];
const TEAMS = ['core', 'data', 'web', 'sre'];
const IFACES = ['eth0', 'eth1', 'bond0', 'ens3', 'ens5', 'enp0s3', '*'];
const SERVICE_ACCOUNTS = ['default', 'api-sa', 'worker-sa', 'monitoring', 'deployer', 'ingress'];
const NODE_PREFIXES = ['worker', 'infra', 'edge', 'cache-node', 'db'];
// Ports for ordinary policies. Failsafe ports (22, 53, 67, 68, 179, 2379, 2380, 5473, 6443,
// 6666, 6667) are left out of global policies, which may apply to host endpoints.
const PORTS = [80, 443, 8080, 8443, 5432, 3306, 6379, 11211, 27017, 9090, 9093, 9100, 9200, 5672, 15672, 8500, 3000, 7000];
const NS_PORTS = [...PORTS, 53, 22];
const PORT_NAMES = ['http', 'https', 'metrics', 'grpc', 'web', 'db'];
// Untracked services: label key used on HostEndpoints and in selectors, protocol, port.
const UNTRACKED = [
  ['memcached', 'TCP', 11211], ['mcrouter', 'TCP', 5000], ['redis', 'TCP', 6379], ['ntp', 'UDP', 123],
  ['haproxy', 'TCP', 8443], ['envoy', 'TCP', 10000], ['statsd', 'UDP', 8125],
];
const API = 'projectcalico.org/v3';
const pad5 = (i) => String(i).padStart(5, '0');

/**
 * @param {{docs: number, invalid?: number, semanticInvalid?: number, seed?: number}} options
 * @returns {{text: string, documents: object[], counts: object, schemaInvalid: number, semanticInvalid: number}}
 */
export function generate(options) {
  const N = options.docs;
  const R = new Random(options.seed ?? 1);
  const nSchema = Math.round(N * (options.invalid ?? 0.04));
  const nSemantic = Math.round(N * (options.semanticInvalid ?? 0.01));
  if (nSchema + nSemantic > N) throw new Error('more invalid documents than documents');

  // Kinds first, so untracked policies can select HostEndpoints that exist in the file.
  const kinds = Array.from({ length: N }, () => R.weighted([['gnp', 35], ['np', 35], ['hep', 15], ['gns', 15]]));
  const hepCount = kinds.filter((k) => k === 'hep').length;
  const servedApps = UNTRACKED.slice(0, Math.max(1, Math.min(UNTRACKED.length, hepCount)));
  let hepSeen = 0;

  const order = R.shuffle(Array.from({ length: N }, (_, i) => i));
  const schemaBad = new Set(order.slice(0, nSchema));
  const semanticBad = new Set(order.slice(nSchema, nSchema + nSemantic));

  const g = makeBuilders(R, servedApps);
  const lines = [`# Calico policy for the benchmark (bench/gen.mjs --docs ${N} --seed ${options.seed ?? 1}); generated, do not edit.`];
  const documents = [];
  const counts = {};
  // Mistakes are dealt from a shuffled deck per table, so every kind of mistake is represented
  // about equally (picking among the mutations that fit a random document would favour the few
  // that fit every document).
  const deck = (table) => {
    let cards = [];
    return () => {
      if (cards.length === 0) cards = R.shuffle(table.slice());
      return cards.pop();
    };
  };
  const nextSchema = deck(SCHEMA_MUTATIONS);
  const nextSemantic = deck(SEMANTIC_MUTATIONS);
  const randomKind = () => R.weighted([['gnp', 35], ['np', 35], ['hep', 15], ['gns', 15]]);
  for (let i = 0; i < N; i++) {
    const make = (kind) => {
      switch (kind) {
        case 'gnp': return g.globalPolicy(i);
        case 'np': return g.namespacedPolicy(i);
        case 'hep': return g.hostEndpoint(i, servedApps[hepSeen % servedApps.length][0]);
        default: return g.networkSet(i);
      }
    };
    let kind = kinds[i];
    let doc = make(kind);
    let mutation = null;
    const next = schemaBad.has(i) ? nextSchema : semanticBad.has(i) ? nextSemantic : null;
    if (next) {
      const m = next();
      // Documents of any kind are drawn until the mistake fits one (a HostEndpoint mistake needs a
      // HostEndpoint, an ICMP mistake a rule with an icmp match, ...).
      for (let tries = 0; !mutation && tries < 500; tries++) {
        if (tries > 0) {
          kind = randomKind();
          doc = make(kind);
        }
        const trial = clone(doc);
        const at = m.apply(trial, R);
        if (at) {
          doc = trial;
          mutation = { id: m.id, class: m.class, layer: m.layer, schema: m.schema, what: m.what, at };
        }
      }
      if (!mutation) throw new Error(`mutation ${m.id} fits no document`);
    }
    if (kind === 'hep') hepSeen++;
    if (i > 0 || R.chance(0.5)) lines.push(R.chance(0.02) ? `--- # ${pad5(i)}` : '---');
    const startLine = lines.length;
    emitMapping(doc, 0, lines, R.chance(0.6));
    const base = kindName(kind);
    counts[base] = (counts[base] ?? 0) + 1;
    documents.push({ index: i, kind: base, name: unwrap(doc.metadata?.name) ?? null, startLine, endLine: lines.length - 1, mutation });
  }
  return { text: lines.join('\n') + '\n', documents, counts, schemaInvalid: nSchema, semanticInvalid: nSemantic };
}

function kindName(k) {
  return { gnp: 'GlobalNetworkPolicy', np: 'NetworkPolicy', hep: 'HostEndpoint', gns: 'GlobalNetworkSet' }[k];
}

function makeBuilders(R, servedApps) {
  /** A selector string in one of the three quoting styles. */
  const styled = (s) => R.weighted([[s, 2], [quoted(s, '"'), 1.5], [quoted(s, "'"), 1]]);
  const selector = () =>
    R.weighted([
      [() => `app == '${R.pick(APPS)}'`, 5],
      [() => `app == '${R.pick(APPS)}' && env == '${R.pick(ENVS)}'`, 3],
      [() => `role == '${R.pick(ROLES)}'`, 2],
      [() => `has(${R.pick(['app', 'role', 'tier', 'team'])})`, 1],
      [() => `env in {'${R.pick(ENVS)}', '${R.pick(ENVS)}'}`, 1],
      [() => `app != '${R.pick(APPS)}'`, 1],
      [() => `!has(quarantine)`, 0.5],
      [() => 'all()', 1],
      [() => `k8s-app == 'kube-dns'`, 0.5],
      [() => `team == '${R.pick(TEAMS)}' || role == '${R.pick(ROLES)}'`, 0.5],
    ])();
  const hostSelector = () =>
    R.weighted([
      [() => `has(host-endpoint)`, 2],
      [() => `role == '${R.pick(ROLES)}'`, 2],
      [() => `has(host-endpoint) && role == '${R.pick(ROLES)}'`, 1],
    ])();
  const namespaceSelector = () =>
    R.weighted([
      [() => `projectcalico.org/name == '${R.pick(NAMESPACES)}'`, 3],
      [() => `kubernetes.io/metadata.name == '${R.pick(NAMESPACES)}'`, 2],
      [() => `team == '${R.pick(TEAMS)}'`, 1],
      [() => 'all()', 0.5],
    ])();
  const v4 = () =>
    R.weighted([
      [() => `10.${R.int(0, 255)}.${R.int(0, 255)}.0/24`, 5],
      [() => `10.${R.int(0, 255)}.0.0/16`, 2],
      [() => `192.168.${R.int(0, 255)}.0/24`, 2],
      [() => `172.${R.int(16, 31)}.0.0/16`, 1],
      [() => `${R.int(11, 223)}.${R.int(0, 255)}.${R.int(0, 255)}.${R.int(1, 254)}/32`, 2],
    ])();
  const v6 = () => `fd${R.int(0, 255).toString(16).padStart(2, '0')}:${R.int(1, 65535).toString(16)}::/64`;
  const hostIP = () => `10.${R.int(0, 255)}.${R.int(0, 255)}.${R.int(1, 254)}`;
  const seqStyle = (items) => (R.chance(0.4) ? flowSeq(items) : items);

  /** Port list for a rule: numbers, quoted ranges and (with a protocol) IANA names. */
  const ports = (n, namespaced) => {
    const made = R.distinct(n, () =>
      R.weighted([
        [() => R.pick(namespaced ? NS_PORTS : PORTS), 7],
        [() => { const lo = R.int(10000, 59000); return `${lo}:${lo + R.int(1, 1000)}`; }, 1], // above every failsafe port
        [() => R.pick(PORT_NAMES), 0.6],
      ])(),
    );
    return seqStyle(made.map((p) => (typeof p === 'string' && p.includes(':') ? quoted(p, R.pick(['"', "'"])) : p)));
  };

  /** One side of a rule. `family` is the IP family all of the rule's CIDRs share. */
  function entity({ withPorts, family, namespaced }) {
    const e = {};
    const shape = R.weighted([['sel', 4], ['nets', 2], ['ns', 1.5], ['sa', 0.5], ['notNets', 0.5], ['none', 1.5]]);
    if (shape === 'sel') e.selector = styled(selector());
    if (shape === 'ns') {
      e.namespaceSelector = styled(namespaced && R.chance(0.1) ? 'global()' : namespaceSelector());
      if (R.chance(0.6)) e.selector = styled(selector());
    }
    if (shape === 'nets' || shape === 'notNets') e[shape] = seqStyle(R.distinct(R.int(1, 4), family === 6 ? v6 : v4));
    if (shape === 'sa') e.serviceAccounts = R.chance(0.5) ? { names: [R.pick(SERVICE_ACCOUNTS)] } : { selector: `team == '${R.pick(TEAMS)}'` };
    if (withPorts) {
      e.ports = ports(R.int(1, 3), namespaced);
      if (R.chance(0.08)) e.notPorts = flowSeq([R.pick([9999, 8081, 4444])]);
    }
    return e;
  }

  function rule(direction, { namespaced, plainOnly }) {
    const action = R.weighted([['Allow', 0.78], ['Deny', 0.14], ['Log', 0.04], ['Pass', 0.04]]);
    const protocol = R.weighted([['TCP', 6], ['UDP', 2], ['ICMP', 1], ['ICMPv6', 0.3], ['SCTP', 0.2], [6, 0.3], [17, 0.2], [null, 1]]);
    const r = { action };
    if (protocol !== null) r.protocol = protocol;
    let family;
    if (protocol === 'ICMP') {
      family = 4;
      if (R.chance(0.5)) r.ipVersion = 4;
    } else if (protocol === 'ICMPv6') {
      family = 6;
      r.ipVersion = 6;
    } else if (R.chance(0.1)) {
      family = R.pick([4, 6]);
      r.ipVersion = family;
    } else family = R.chance(0.05) ? 6 : 4;
    if ((protocol === 'ICMP' || protocol === 'ICMPv6') && R.chance(0.6)) {
      const type = protocol === 'ICMP' ? R.pick([0, 3, 8, 11]) : R.pick([1, 128, 129, 135]);
      const icmp = R.chance(0.6) ? { type, code: 0 } : { type };
      r.icmp = R.chance(0.5) ? flowMap(icmp) : icmp;
    }
    const portBearing = ['TCP', 'UDP', 'SCTP', 6, 17].includes(protocol);
    if (namespaced && direction === 'egress' && R.chance(0.08)) {
      // Kubernetes services as the destination: nothing else in that entity, and no ports.
      const svc = { name: R.pick(['kube-dns', 'api', 'postgres', 'redis']) };
      if (R.chance(0.6)) svc.namespace = R.pick(NAMESPACES);
      r.destination = { services: R.chance(0.3) ? flowMap(svc) : svc };
    } else if (protocol === null && R.chance(0.15)) {
      // Without a protocol, Calico allows named ports only.
      r.destination = { ports: flowSeq(R.sample(PORT_NAMES, R.int(1, 2))) };
    } else {
      const portSide = portBearing ? (R.chance(0.85) ? 'destination' : 'source') : null;
      const src = entity({ withPorts: portSide === 'source', family, namespaced });
      const dst = entity({ withPorts: portSide === 'destination', family, namespaced });
      if (Object.keys(src).length) r.source = src;
      if (Object.keys(dst).length) r.destination = dst;
    }
    if (!plainOnly && direction === 'ingress' && action === 'Allow' && (protocol === 'TCP' || protocol === 6 || protocol === null) && !r.destination?.services && R.chance(0.05)) {
      r.http = { methods: flowSeq(R.sample(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'], R.int(1, 2))), paths: [R.chance(0.5) ? { prefix: `/${R.pick(APPS)}` } : { exact: '/healthz' }] };
    }
    if (R.chance(0.08)) r.metadata = { annotations: { 'policy.example.com/owner': R.pick(['sre', 'netsec', 'platform']), ticket: `NET-${R.int(100, 9999)}` } };
    return R.chance(0.04) ? withComment(r, R.pick(['temporary', 'see runbook', `NET-${R.int(100, 9999)}`])) : r;
  }

  const types = (ingress, egress) => {
    const t = [];
    if (ingress) t.push('Ingress');
    if (egress) t.push('Egress');
    if (!R.chance(0.8)) return undefined;
    return R.chance(0.5) ? flowSeq(t) : t;
  };

  function untrackedPolicy(i) {
    // The canonical untracked pair of rules: allow the flow in, and allow its replies out.
    const [app, protocol, port] = R.pick(servedApps);
    const peer = R.chance(0.6) ? { selector: styled(`${app} == 'client'`) } : { nets: seqStyle(R.distinct(2, v4)) };
    const portList = () => (R.chance(0.5) ? flowSeq([port]) : [port]);
    const spec = {
      selector: styled(`${app} == 'server'`),
      order: R.pick([10, 20, 50, 100]),
      applyOnForward: true,
      doNotTrack: true,
    };
    if (R.chance(0.3)) spec.types = flowSeq(['Ingress', 'Egress']);
    spec.ingress = [{ action: 'Allow', protocol, source: clone(peer), destination: { ports: portList() } }];
    spec.egress = [{ action: 'Allow', protocol, source: { ports: portList() }, destination: clone(peer) }];
    const doc = { apiVersion: API, kind: 'GlobalNetworkPolicy', metadata: { name: `${app}-untracked-${pad5(i)}` }, spec };
    if (R.chance(0.4)) doc[HEAD] = `untracked ${app} on ${protocol}/${port}: replies need the mirrored egress rule`;
    return doc;
  }

  function preDnatPolicy(i) {
    const spec = {
      order: R.pick([10, 20, 100]),
      selector: styled(hostSelector()),
      preDNAT: true,
      applyOnForward: true,
      ingress: Array.from({ length: R.int(1, 3) }, () => rule('ingress', { namespaced: false, plainOnly: true })),
    };
    if (R.chance(0.7)) spec.types = R.chance(0.5) ? flowSeq(['Ingress']) : ['Ingress'];
    const doc = { apiVersion: API, kind: 'GlobalNetworkPolicy', metadata: { name: `nodeport-allow-${pad5(i)}` }, spec };
    if (R.chance(0.3)) doc[HEAD] = 'pre-DNAT: evaluated before kube-proxy rewrites the destination';
    return doc;
  }

  function globalPolicy(i) {
    const flavour = R.weighted([['untracked', 0.25], ['preDNAT', 0.08], ['plain', 0.67]]);
    if (flavour === 'untracked') return untrackedPolicy(i);
    if (flavour === 'preDNAT') return preDnatPolicy(i);
    const metadata = { name: `${R.pick(APPS)}-${R.pick(['allow', 'deny', 'isolate', 'baseline', 'ingress', 'egress'])}-${pad5(i)}` };
    if (R.chance(0.2)) metadata.labels = { 'policy.example.com/owner': R.pick(['sre', 'netsec', 'platform']) };
    const spec = {};
    if (R.chance(0.1)) spec.tier = 'default';
    if (R.chance(0.85)) spec.order = R.chance(0.8) ? R.pick([10, 100, 200, 500, 1000]) : Number((R.next() * 1000).toFixed(1));
    spec.selector = styled(R.chance(0.2) ? hostSelector() : selector());
    if (R.chance(0.05)) spec.order = withComment(spec.order ?? 100, 'lower orders are evaluated first');
    if (R.chance(0.15)) spec.namespaceSelector = styled(namespaceSelector());
    if (R.chance(0.05)) spec.serviceAccountSelector = `role == '${R.pick(ROLES)}'`;
    if (R.chance(0.1)) spec.applyOnForward = R.chance(0.5);
    const ni = R.weighted([[0, 1], [1, 3], [2, 3], [3, 2], [5, 1], [8, 0.5]]);
    const ne = R.weighted([[0, 2], [1, 3], [2, 2], [4, 1]]);
    if (ni) spec.ingress = Array.from({ length: ni }, () => rule('ingress', { namespaced: false }));
    if (ne) spec.egress = Array.from({ length: ne }, () => rule('egress', { namespaced: false }));
    spec.types = types(ni > 0 || ne === 0, ne > 0);
    if (R.chance(0.03)) spec.performanceHints = ['AssumeNeededOnEveryNode'];
    return { apiVersion: API, kind: 'GlobalNetworkPolicy', metadata, spec };
  }

  function namespacedPolicy(i) {
    const metadata = { name: `${R.pick(APPS)}-${R.pick(['allow', 'deny', 'isolate', 'from-ingress', 'to-db', 'dns'])}-${pad5(i)}`, namespace: R.pick(NAMESPACES) };
    if (R.chance(0.15)) {
      metadata.labels = { app: R.pick(APPS) };
      if (R.chance(0.6)) metadata.labels.env = R.pick(ENVS);
    }
    const spec = {};
    if (R.chance(0.7)) spec.order = R.pick([100, 200, 500, 1000]);
    spec.selector = styled(selector());
    const ni = R.weighted([[0, 1], [1, 4], [2, 3], [3, 1.5], [6, 0.5]]);
    const ne = R.weighted([[0, 3], [1, 3], [2, 1]]);
    if (ni) spec.ingress = Array.from({ length: ni }, () => rule('ingress', { namespaced: true }));
    if (ne) spec.egress = Array.from({ length: ne }, () => rule('egress', { namespaced: true }));
    spec.types = types(ni > 0 || ne === 0, ne > 0);
    const doc = { apiVersion: API, kind: 'NetworkPolicy', metadata, spec };
    if (R.chance(0.05)) doc[HEAD] = `owned by ${R.pick(['team-web', 'team-data', 'sre'])}`;
    return doc;
  }

  function hostEndpoint(i, servedApp) {
    const node = `${R.pick(NODE_PREFIXES)}-${R.int(1, 400)}`;
    const iface = R.pick(IFACES);
    const labels = { 'host-endpoint': 'true', role: R.pick(ROLES), [servedApp]: 'server' };
    const metadata = { name: `${node}-${iface === '*' ? 'all' : iface}-${pad5(i)}`, labels };
    const spec = { node };
    if (iface !== '*' || R.chance(0.5)) spec.interfaceName = iface;
    if (R.chance(0.8) || !spec.interfaceName) spec.expectedIPs = R.distinct(R.int(1, 3), hostIP);
    if (R.chance(0.3)) spec.profiles = [R.pick(['projectcalico-default-allow', 'kns.default', 'edge-profile'])];
    if (R.chance(0.4)) {
      spec.ports = R.sample([80, 443, 8080, 8443, 9090, 9100], R.int(1, 3)).map((p) => {
        const port = { name: `p-${p}`, port: p, protocol: R.pick(['TCP', 'UDP']) };
        return R.chance(0.3) ? flowMap(port) : port;
      });
    }
    return { apiVersion: API, kind: 'HostEndpoint', metadata, spec };
  }

  function networkSet(i) {
    const big = R.chance(0.03);
    const n = big ? R.int(50, 150) : R.int(1, 12);
    const metadata = { name: `${R.pick(['blocklist', 'partners', 'office', 'vpn', 'monitoring', 'cdn'])}-${pad5(i)}`, labels: { role: R.pick(['external', 'partner', 'blocked', 'trusted']) } };
    return { apiVersion: API, kind: 'GlobalNetworkSet', metadata, spec: { nets: R.distinct(n, () => (R.chance(0.1) ? v6() : v4())) } };
  }

  return { globalPolicy, namespacedPolicy, hostEndpoint, networkSet };
}

// ---------- mutations ----------
// Each `apply(doc, R)` changes the document in place and returns where (a path for the manifest),
// or null when it does not apply to this document.

const isPolicy = (d) => d.kind === 'GlobalNetworkPolicy' || d.kind === 'NetworkPolicy';
const isGnp = (d) => d.kind === 'GlobalNetworkPolicy';
const isHep = (d) => d.kind === 'HostEndpoint';
const isGns = (d) => d.kind === 'GlobalNetworkSet';
const rulesOf = (d) => [...(d.spec?.ingress ?? []), ...(d.spec?.egress ?? [])].map(stripComment);
const anyRule = (d, R, test, f) => {
  const list = rulesOf(d).filter(test);
  return list.length ? f(R.pick(list)) : null;
};
/** Renames key `from` to `to` keeping the key order. */
function renameKey(obj, from, to) {
  if (!(from in obj)) return false;
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
  return true;
}
const mut = (id, cls, layer, schema, what, apply) => ({ id, class: cls, layer, schema, what, apply });

/** Mistakes a JSON Schema derived from the CRDs can see (wrong types, unknown fields, enums, ranges, required keys). */
export const SCHEMA_MUTATIONS = [
  mut('order-word', 'wrong-type', 'decode', true, 'spec.order is a word', (d, R) => (isPolicy(d) ? ((d.spec.order = R.pick(['high', 'first', 'last'])), 'spec.order') : null)),
  mut('dnt-string', 'wrong-type', 'decode', true, 'doNotTrack is a quoted string', (d) => (isGnp(d) && d.spec.doNotTrack === true ? ((d.spec.doNotTrack = quoted('true')), 'spec.doNotTrack') : null)),
  mut('aof-string', 'wrong-type', 'decode', true, 'applyOnForward is a quoted string', (d, R) => (isGnp(d) && d.spec.applyOnForward === true ? ((d.spec.applyOnForward = quoted(R.pick(['true', 'yes']), "'")), 'spec.applyOnForward') : null)),
  mut('ports-scalar', 'wrong-type', 'decode', true, 'ports is a number, not a list', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.destination?.ports && r.protocol, (r) => ((r.destination.ports = 8080), 'rule.destination.ports')) : null),
  mut('icmp-type-word', 'wrong-type', 'decode', true, 'icmp.type is a word', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.icmp, (r) => ((r.icmp = { type: 'echo-request' }), 'rule.icmp.type')) : null),
  mut('expected-ips-scalar', 'wrong-type', 'decode', true, 'expectedIPs is a string, not a list', (d) => (isHep(d) && d.spec.expectedIPs ? ((d.spec.expectedIPs = d.spec.expectedIPs[0]), 'spec.expectedIPs') : null)),
  mut('hep-port-name', 'wrong-type', 'decode', true, 'HostEndpoint port number is a name', (d) => (isHep(d) && d.spec.ports ? ((d.spec.ports = [{ name: 'web', port: 'http', protocol: 'TCP' }]), 'spec.ports[0].port') : null)),
  mut('nets-scalar', 'wrong-type', 'decode', true, 'nets is a string, not a list', (d) => (isGns(d) ? ((d.spec.nets = d.spec.nets[0]), 'spec.nets') : null)),
  mut('labels-list', 'wrong-type', 'decode', true, 'labels is a list, not a map', (d) => (d.metadata.labels ? ((d.metadata.labels = Object.entries(d.metadata.labels).map(([k, v]) => `${k}=${v}`)), 'metadata.labels') : null)),
  mut('selecter', 'unknown-field', 'decode', true, 'spec.selecter (typo)', (d) => (isPolicy(d) && renameKey(d.spec, 'selector', 'selecter') ? 'spec.selecter' : null)),
  mut('apply-on-foward', 'unknown-field', 'decode', true, 'spec.applyOnFoward (typo)', (d) => (isGnp(d) && renameKey(d.spec, 'applyOnForward', 'applyOnFoward') ? 'spec.applyOnFoward' : null)),
  mut('sources', 'unknown-field', 'decode', true, 'rule sources: instead of source:', (d, R) => (isPolicy(d) ? anyRule(d, R, (r) => r.source, (r) => (renameKey(r, 'source', 'sources'), 'rule.sources')) : null)),
  mut('entity-port', 'unknown-field', 'decode', true, 'destination port: instead of ports:', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.destination?.ports, (r) => (renameKey(r.destination, 'ports', 'port'), 'rule.destination.port')) : null),
  mut('hep-interface', 'unknown-field', 'decode', true, 'HostEndpoint spec.interface', (d) => (isHep(d) && renameKey(d.spec, 'interfaceName', 'interface') ? 'spec.interface' : null)),
  mut('gns-cidrs', 'unknown-field', 'decode', true, 'GlobalNetworkSet spec.cidrs', (d) => (isGns(d) && renameKey(d.spec, 'nets', 'cidrs') ? 'spec.cidrs' : null)),
  mut('lables', 'unknown-field', 'decode', true, 'metadata.lables (typo)', (d) => (d.metadata.labels && renameKey(d.metadata, 'labels', 'lables') ? 'metadata.lables' : null)),
  mut('np-spec-namespace', 'unknown-field', 'decode', true, 'namespace under spec', (d) => (d.kind === 'NetworkPolicy' ? ((d.spec.namespace = d.metadata.namespace), 'spec.namespace') : null)),
  mut('np-do-not-track', 'unknown-field', 'decode', true, 'doNotTrack on a NetworkPolicy', (d) => (d.kind === 'NetworkPolicy' ? ((d.spec.doNotTrack = true), 'spec.doNotTrack') : null)),
  mut('action-enum', 'bad-enum', 'schema', true, 'rule action not Allow/Deny/Log/Pass', (d, R) => (isPolicy(d) ? anyRule(d, R, () => true, (r) => ((r.action = R.pick(['Accept', 'allow', 'Reject', 'Drop'])), 'rule.action')) : null)),
  mut('types-enum', 'bad-enum', 'schema', true, 'spec.types entry not Ingress/Egress', (d, R) => (isPolicy(d) && !d.spec.egress && !d.spec.doNotTrack ? ((d.spec.types = [R.pick(['ingress', 'Inbound', 'Ingres'])]), 'spec.types[0]') : null)),
  mut('ip-version', 'bad-enum', 'schema', true, 'ipVersion not 4 or 6', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => !r.ipVersion && !['ICMP', 'ICMPv6'].includes(r.protocol), (r) => ((r.ipVersion = R.pick([5, 46])), 'rule.ipVersion')) : null),
  mut('kind-typo', 'bad-enum', 'schema', true, 'misspelled kind', (d) => {
    const typo = { GlobalNetworkPolicy: 'GlobalNetworkPolices', NetworkPolicy: 'NetworkPolicies', HostEndpoint: 'HostEndPoint', GlobalNetworkSet: 'GlobalNetworkset' }[d.kind];
    return typo ? ((d.kind = typo), 'kind') : null;
  }),
  mut('api-version', 'bad-enum', 'schema', true, 'apiVersion not projectcalico.org/v3', (d, R) => ((d.apiVersion = R.pick(['projectcalico.org/v1', 'projectcalico.org/v2'])), 'apiVersion')),
  mut('hep-port-range', 'range', 'decode', true, 'HostEndpoint port 70000', (d) => (isHep(d) && d.spec.ports ? ((d.spec.ports = [{ name: 'web', port: 70000, protocol: 'TCP' }]), 'spec.ports[0].port') : null)),
  mut('icmp-type-range', 'range', 'schema', true, 'icmp.type 300', (d, R) => (isPolicy(d) ? anyRule(d, R, (r) => r.icmp, (r) => ((r.icmp = { type: 300 }), 'rule.icmp.type')) : null)),
  mut('rule-no-action', 'required', 'schema', true, 'rule without action', (d, R) => (isPolicy(d) ? anyRule(d, R, () => true, (r) => (delete r.action, 'rule.action')) : null)),
  mut('no-name', 'required', 'schema', true, 'no metadata.name', (d) => (delete d.metadata.name, 'metadata.name')),
];

/** Mistakes only Calico's CEL rules or its Go validator see. */
export const SEMANTIC_MUTATIONS = [
  mut('dnt-no-aof', 'untracked', 'cel', false, 'doNotTrack without applyOnForward', (d) => (isGnp(d) && d.spec.doNotTrack === true ? (delete d.spec.applyOnForward, 'spec.doNotTrack') : null)),
  mut('dnt-aof-false', 'untracked', 'cel', false, 'doNotTrack with applyOnForward: false', (d) => (isGnp(d) && d.spec.doNotTrack === true ? ((d.spec.applyOnForward = false), 'spec.applyOnForward') : null)),
  mut('prednat-egress', 'untracked', 'cel', false, 'preDNAT policy with an egress rule', (d) => (isGnp(d) && d.spec.preDNAT === true ? ((d.spec.egress = [{ action: 'Allow' }]), 'spec.egress') : null)),
  mut('prednat-dnt', 'untracked', 'cel', false, 'both preDNAT and doNotTrack', (d) => (isGnp(d) && d.spec.preDNAT === true ? ((d.spec.doNotTrack = true), 'spec.doNotTrack') : null)),
  mut('hep-no-node', 'cel', 'cel', false, 'HostEndpoint without node', (d) => (isHep(d) ? (delete d.spec.node, 'spec.node') : null)),
  mut('icmp-code-no-type', 'cel', 'cel', false, 'icmp code without type', (d, R) => (isPolicy(d) ? anyRule(d, R, (r) => r.icmp, (r) => ((r.icmp = { code: 0 }), 'rule.icmp')) : null)),
  mut('icmp-on-tcp', 'cel', 'cel', false, 'icmp match on a TCP rule', (d, R) => (isPolicy(d) ? anyRule(d, R, (r) => r.protocol === 'TCP', (r) => ((r.icmp = { type: 8 }), 'rule.icmp')) : null)),
  mut('protocol-typo', 'validator', 'validator', false, 'protocol TPC / tcp', (d, R) => (isPolicy(d) ? anyRule(d, R, (r) => r.protocol === 'TCP', (r) => ((r.protocol = R.pick(['TPC', 'tcp'])), 'rule.protocol')) : null)),
  mut('gns-bad-cidr', 'validator', 'validator', false, 'GlobalNetworkSet net 10.0.0.300/24', (d) => (isGns(d) ? ((d.spec.nets[0] = '10.0.0.300/24'), 'spec.nets[0]') : null)),
  mut('selector-syntax', 'validator', 'validator', false, "selector with '=' instead of '=='", (d, R) => (isPolicy(d) && !d.spec.doNotTrack ? ((d.spec.selector = `app = '${R.pick(APPS)}'`), 'spec.selector') : null)),
  mut('port-no-protocol', 'validator', 'validator', false, 'numeric port without a protocol', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.protocol === 'TCP' && r.destination?.ports && !r.icmp, (r) => ((r.destination.ports = [8080]), delete r.protocol, 'rule.destination.ports')) : null),
  mut('family-mismatch', 'validator', 'validator', false, 'IPv4 CIDR in an ipVersion 6 rule', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.destination?.nets && !r.ipVersion && !r.icmp && !['ICMP', 'ICMPv6'].includes(r.protocol) && !JSON.stringify(unwrap(r)).includes('::'), (r) => ((r.ipVersion = 6), 'rule.destination.nets')) : null),
  mut('notnets-catch-all', 'validator', 'validator', false, 'notNets: 0.0.0.0/0', (d, R) =>
    isPolicy(d) ? anyRule(d, R, (r) => r.source && !r.source.services && !r.ipVersion && !JSON.stringify(unwrap(r)).includes('::'), (r) => ((r.source.notNets = ['0.0.0.0/0']), 'rule.source.notNets')) : null),
  mut('http-egress', 'validator', 'validator', false, 'http match on an egress rule', (d, R) => {
    const eg = (d.spec?.egress ?? []).map(stripComment).filter((r) => r.action === 'Allow' && r.protocol === 'TCP' && !r.destination?.services);
    if (!isPolicy(d) || !eg.length) return null;
    R.pick(eg).http = { methods: ['GET'] };
    return 'egress.http';
  }),
  mut('hep-cidr-ip', 'validator', 'validator', false, 'HostEndpoint expectedIPs entry is a CIDR', (d) => (isHep(d) && Array.isArray(d.spec.expectedIPs) ? ((d.spec.expectedIPs[0] = `${d.spec.expectedIPs[0]}/32`), 'spec.expectedIPs[0]') : null)),
  mut('name-uppercase', 'validator', 'validator', false, 'metadata.name with upper-case letters', (d) => (d.metadata.name ? ((d.metadata.name = d.metadata.name.replace(/^[a-z]/, (c) => c.toUpperCase())), 'metadata.name') : null)),
];
