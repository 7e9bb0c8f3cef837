/**
 * Hover for connection-tracking settings: what each one does, its default, and the capacity
 * arithmetic — a table of N entries whose entries live T seconds sustains about N ÷ T new
 * connections per second.
 * - Felix (FelixConfiguration): `bpfMapSizeConntrack`, `bpfMapSizeNAT*`, `bpfConntrackTimeouts.*`.
 *   Defaults from projectcalico/calico `felix/config/config_params.go` (512,000 CT entries;
 *   NAT frontend 65,536, backend 262,144, affinity 65,536) and `felix/bpf/conntrack/timeouts`
 *   (`DefaultTimeouts`).
 * - Cilium options in Terway's `cilium_args` or `cilium-config`: the ratio's table of map sizes by
 *   node memory (`conntrack/sizing.ts`, Cilium's own formula), rates for CT maxima and timeouts,
 *   memory at 94 bytes per CT entry (IPv6 key and value, as Cilium's sizing assumes).
 * - conntrack-cleaner's two variables, with the time after which a renewed entry is deleted.
 *
 * Invariants: pure; reads only the resource under the cursor; never throws on odd input.
 */
import type { YMap, YNode } from '../yaml/tree';
import { getValue } from '../yaml/tree';
import { readModel, shapeOf, type CiliumSettings, type OptionSetting } from '../conntrack/model';
import { OPTIONS_BY_NAME, type CiliumOption } from '../conntrack/options';
import { CT_ENTRY_BYTES, DEFAULT_RATIO, GIB, TABLE_MEMORIES_GIB, ciliumMapSizes, fmtBytes, fmtInt, fmtRate } from '../conntrack/sizing';
import { formatGoDuration, parseGoAtoi, parseGoDuration } from '../conntrack/go-values';
import { numberOf, parseOptionValue } from '../rules/conntrack/values';
import { FELIX_MAP_DEFAULTS, FELIX_TIMEOUT_DEFAULTS } from '../conntrack/felix';

export interface ConntrackHover {
  contents: string;
  start: number;
  end: number;
}

const within = (s: { start: number; end: number }, at: number) => s.start <= at && at <= s.end;

/** Hover inside a recognised Terway, Cilium or conntrack-cleaner resource. */
export function conntrackHover(root: YMap, text: string, offset: number): ConntrackHover | undefined {
  const shape = shapeOf(root);
  if (!shape) return undefined;
  const model = readModel(root, shape, text);
  for (const s of model.cilium) {
    for (const o of s.options) {
      const opt = OPTIONS_BY_NAME.get(o.name);
      if (!opt || !(within(o.nameSpan, offset) || within(o.valueSpan, offset))) continue;
      return { contents: ciliumOptionHover(opt, o, s), start: o.span.start, end: o.span.end };
    }
  }
  const freq = model.cleaner.find((v) => v.name === 'CONNTRACK_TABLE_DUMP_FREQUENCY');
  for (const v of model.cleaner) {
    const span = v.valueSpan && within(v.valueSpan, offset) ? v.valueSpan : within(v.nameSpan, offset) ? v.nameSpan : undefined;
    if (!span) continue;
    if (v.name === 'CONNTRACK_TABLE_DUMP_FREQUENCY') {
      return {
        contents: [
          '**CONNTRACK_TABLE_DUMP_FREQUENCY** — conntrack-cleaner',
          '',
          'How long the agent sleeps between two dumps of the TCP conntrack entries in state UNREPLIED (`conntrack -L -p tcp | grep UNREPLIED`). A Go duration (`time.ParseDuration`: `1s`, `500ms`, `2m`); default **1s**, also used when the value does not parse. The project advises against sub-second values.',
        ].join('\n'),
        ...span,
      };
    }
    const fr = freq?.value !== undefined ? parseGoDuration(freq.value) : undefined;
    const freqSeconds = fr && fr.ok && fr.value > 0n ? Number(fr.value) / 1e9 : 1;
    const th = v.value !== undefined ? parseGoAtoi(v.value) : undefined;
    const threshold = th && th.ok ? Number(th.value) : 3;
    const renewals = Math.max(0, threshold) + 1;
    return {
      contents: [
        '**CONNECTION_RENEWAL_THRESHOLD** — conntrack-cleaner',
        '',
        'How many dumps may see an UNREPLIED entry with its expiry timer renewed before the agent deletes it (`conntrack -D`). A decimal integer (`strconv.Atoi`); default **3**, also used when the value does not parse.',
        '',
        `An entry is deleted once its renewal count exceeds the threshold: with threshold ${threshold} and a dump every ${formatGoDuration(BigInt(Math.round(freqSeconds * 1e9)))}, a continuously renewed entry goes after about ${renewals} × ${formatGoDuration(BigInt(Math.round(freqSeconds * 1e9)))} = **${formatGoDuration(BigInt(Math.round(renewals * freqSeconds * 1e9)))}** from the first dump that sees it (roughly frequency × threshold).`,
      ].join('\n'),
      ...span,
    };
  }
  return undefined;
}

function seconds(s: CiliumSettings, name: string): number {
  const r = numberOf(s, name);
  return r ? r.value : OPTIONS_BY_NAME.get(name)!.defaultSeconds!;
}

function ciliumOptionHover(opt: CiliumOption, o: OptionSetting, s: CiliumSettings): string {
  const where = s.source === 'cilium_args' ? "Terway `cilium_args` flag" : '`cilium-config` option';
  const lines = [`**${opt.name}** — Cilium agent, ${where}`, '', opt.doc, '', `Default: ${opt.defaultText}.`];
  const parsed = o.nonStringValue ? undefined : parseOptionValue(opt, o, s.source);
  const value = parsed && parsed.ok ? parsed.number : undefined;
  const estab = seconds(s, 'bpf-ct-timeout-regular-tcp');
  const fin = seconds(s, 'bpf-ct-timeout-regular-tcp-fin');
  const anyT = seconds(s, 'bpf-ct-timeout-regular-any');
  if (opt.name === 'bpf-map-dynamic-size-ratio') {
    const ratio = value ?? DEFAULT_RATIO;
    const explicit = { tcp: numberOf(s, 'bpf-ct-global-tcp-max')?.value, any: numberOf(s, 'bpf-ct-global-any-max')?.value, nat: numberOf(s, 'bpf-nat-global-max')?.value };
    lines.push('', `Map sizes at ratio ${ratio} (Cilium's formula; explicitly set maxima kept):`, '', '| Node memory | CT TCP | CT any | NAT | TCP conn/s (closing, ' + `${fin}s` + ') |', '| --- | --- | --- | --- | --- |');
    for (const g of TABLE_MEMORIES_GIB) {
      const m = ciliumMapSizes(g * GIB, ratio, explicit);
      lines.push(`| ${g} GiB | ${fmtInt(m.tcp)} | ${fmtInt(m.any)} | ${fmtInt(m.nat)} | ${fmtRate(m.tcp / fin)} |`);
    }
    lines.push('', 'Each map is sized as default entries × (memory × ratio) ÷ the memory all default-sized maps would take, between a floor (128Ki TCP, 64Ki any, 128Ki NAT) and 16Mi entries.');
  } else if (opt.name === 'bpf-ct-global-tcp-max' || opt.name === 'bpf-ct-global-any-max') {
    if (value !== undefined && value > 0) {
      const t = opt.name === 'bpf-ct-global-tcp-max' ? estab : anyT;
      lines.push('', `${fmtInt(value)} entries take about ${fmtBytes(value * CT_ENTRY_BYTES)} (${CT_ENTRY_BYTES} bytes each).`);
      if (opt.name === 'bpf-ct-global-tcp-max') {
        lines.push(`Sustainable new connections: ${fmtInt(value)} ÷ ${fin}s (closed, FIN timeout) ≈ **${fmtRate(value / fin)}**; ${fmtInt(value)} ÷ ${estab}s (left idle, established timeout) ≈ **${fmtRate(value / t)}**.`);
      } else lines.push(`Sustainable new flows: ${fmtInt(value)} ÷ ${t}s ≈ **${fmtRate(value / t)}**.`);
    }
  } else if (opt.table && value !== undefined && value > 0) {
    const explicit = numberOf(s, opt.table === 'tcp' ? 'bpf-ct-global-tcp-max' : 'bpf-ct-global-any-max')?.value;
    const ratio = numberOf(s, 'bpf-map-dynamic-size-ratio')?.value ?? DEFAULT_RATIO;
    const sizes = explicit ? [[`${fmtInt(explicit)} entries (set)`, explicit] as const] : [16, 64].map((g) => [`${g} GiB node, ${fmtInt(ciliumMapSizes(g * GIB, ratio)[opt.table!])} entries`, ciliumMapSizes(g * GIB, ratio)[opt.table!]] as const);
    lines.push('', `Entries live ${value}s: a table sustains size ÷ ${value}s new connections per second —`);
    for (const [label, n] of sizes) lines.push(`- ${label}: ≈ **${fmtRate(n / value)}**`);
  }
  return lines.join('\n');
}

const FELIX_MAPS: Readonly<Record<string, { def: number; doc: string }>> = {
  bpfMapSizeConntrack: { def: FELIX_MAP_DEFAULTS['bpfMapSizeConntrack']!, doc: 'Entries of the eBPF dataplane\'s conntrack map (one per tracked flow).' },
  bpfMapSizeNATFrontend: { def: FELIX_MAP_DEFAULTS['bpfMapSizeNATFrontend']!, doc: 'Entries of the NAT frontend map (one per service IP and port).' },
  bpfMapSizeNATBackend: { def: FELIX_MAP_DEFAULTS['bpfMapSizeNATBackend']!, doc: 'Entries of the NAT backend map (one per service endpoint).' },
  bpfMapSizeNATAffinity: { def: FELIX_MAP_DEFAULTS['bpfMapSizeNATAffinity']!, doc: 'Entries of the NAT affinity map (session affinity of services).' },
};

const FELIX_TIMEOUTS: Readonly<Record<string, { def: number; doc: string }>> = {
  creationGracePeriod: { def: FELIX_TIMEOUT_DEFAULTS['creationGracePeriod']!, doc: 'How long a new entry is kept before the cleaner may judge it.' },
  tcpSynSent: { def: FELIX_TIMEOUT_DEFAULTS['tcpSynSent']!, doc: 'Lifetime of a TCP entry that has seen SYN but no reply.' },
  tcpEstablished: { def: FELIX_TIMEOUT_DEFAULTS['tcpEstablished']!, doc: 'Lifetime of an idle established TCP entry.' },
  tcpFinsSeen: { def: FELIX_TIMEOUT_DEFAULTS['tcpFinsSeen']!, doc: 'Lifetime of a TCP entry after both FINs (a cleanly closed connection).' },
  tcpResetSeen: { def: FELIX_TIMEOUT_DEFAULTS['tcpResetSeen']!, doc: 'Lifetime of a TCP entry after a RST.' },
  udpTimeout: { def: FELIX_TIMEOUT_DEFAULTS['udpTimeout']!, doc: 'Lifetime of an idle UDP entry.' },
  genericTimeout: { def: FELIX_TIMEOUT_DEFAULTS['genericTimeout']!, doc: 'Lifetime of an idle entry of another protocol.' },
  icmpTimeout: { def: FELIX_TIMEOUT_DEFAULTS['icmpTimeout']!, doc: 'Lifetime of an idle ICMP entry.' },
};

function felixSeconds(v: YNode | undefined): number | undefined {
  if (!v || v.kind !== 'scalar' || v.type !== 'string') return undefined;
  const r = parseGoDuration(String(v.value));
  return r.ok && r.value > 0n ? Number(r.value) / 1e9 : undefined;
}

/** Hover text for a FelixConfiguration conntrack key at `keys`, or undefined for other keys. */
export function felixConntrackHover(node: YMap, keys: ReadonlyArray<string | number>): string | undefined {
  const spec = getValue(node, 'spec');
  const sizeNode = getValue(spec, 'bpfMapSizeConntrack');
  const size = sizeNode?.kind === 'scalar' && sizeNode.type === 'integer' && Number(sizeNode.value) > 0 ? Number(sizeNode.value) : FELIX_MAP_DEFAULTS['bpfMapSizeConntrack']!;
  const timeouts = getValue(spec, 'bpfConntrackTimeouts');
  const t = (k: string) => felixSeconds(getValue(timeouts, k)) ?? FELIX_TIMEOUTS[k]!.def;
  if (keys.length === 2 && keys[0] === 'spec' && typeof keys[1] === 'string' && FELIX_MAPS[keys[1]]) {
    const m = FELIX_MAPS[keys[1]]!;
    const lines = [`**${keys[1]}** — Felix eBPF dataplane`, '', m.doc, '', `Default: ${fmtInt(m.def)}.`];
    if (keys[1] === 'bpfMapSizeConntrack') {
      lines.push('', "Calico's reference warns that changing the conntrack map's size can disrupt existing connections; `bpfMapSizeConntrackScaling: DoubleIfFull` lets Felix grow the map when it fills instead.");
      lines.push('', `With ${fmtInt(size)} entries: cleanly closed connections (tcpFinsSeen ${t('tcpFinsSeen')}s) ≈ **${fmtRate(size / t('tcpFinsSeen'))}** new connections; idle established ones (tcpEstablished ${t('tcpEstablished')}s) ≈ **${fmtRate(size / t('tcpEstablished'))}**; UDP flows (udpTimeout ${t('udpTimeout')}s) ≈ **${fmtRate(size / t('udpTimeout'))}**.`);
    }
    return lines.join('\n');
  }
  if (keys.length >= 2 && keys[0] === 'spec' && keys[1] === 'bpfConntrackTimeouts') {
    const k = keys[2];
    if (typeof k === 'string' && FELIX_TIMEOUTS[k]) {
      const secs = t(k);
      return [`**${k}** — Felix eBPF conntrack timeout`, '', FELIX_TIMEOUTS[k]!.doc, '', `Default: ${FELIX_TIMEOUTS[k]!.def}s (\`Auto\` takes the matching Linux sysctl where there is one).`, '', `With bpfMapSizeConntrack ${fmtInt(size)}: ${fmtInt(size)} ÷ ${secs}s ≈ **${fmtRate(size / secs)}** new flows of this kind per second.`].join('\n');
    }
    if (keys.length === 2) return `**bpfConntrackTimeouts** — Felix eBPF conntrack timeouts. A table of ${fmtInt(size)} entries sustains ${fmtInt(size)} ÷ timeout new flows per second: ≈ ${fmtRate(size / t('tcpFinsSeen'))} for cleanly closed TCP, ${fmtRate(size / t('tcpEstablished'))} for idle established TCP.`;
  }
  return undefined;
}
