/**
 * Connection-tracking capacity models: how Cilium sizes its eBPF conntrack and NAT maps, and the
 * arithmetic that turns a table size and an entry lifetime into a sustainable connection rate.
 *
 * Cilium's dynamic sizing is reproduced exactly from cilium/cilium (`pkg/maps/mapsize`, formerly
 * `pkg/option/config.go`, `calculateDynamicBPFMapSizes` / `getDynamicSizeCalculator` /
 * `checkMapSizeLimits`): memory for maps = int(total × ratio); each map gets
 * `default × memory ÷ totalMapMemoryDefault` entries (integer division), clamped to a per-map
 * minimum and to 2^24. `totalMapMemoryDefault` sums default entries × entry size over the CT (TCP
 * and any), NAT, neighbour and socket reverse-NAT maps, with IPv6-sized entries of 94, 94, 24 and
 * 48 bytes (the values Cilium's own sizing tests use). The distributed-LRU rounding to the number
 * of CPUs (off by default) is not modelled.
 *
 * Invariants: pure integer arithmetic (BigInt where products exceed 2^53); never throws.
 */

/** Default entries when dynamic sizing is off (ratio 0) — Cilium's `ctMapEntriesGlobal*Default`. */
export const CT_TCP_DEFAULT = 2 << 18; // 524,288
export const CT_ANY_DEFAULT = 2 << 17; // 262,144
export const NAT_DEFAULT = Math.floor(((CT_TCP_DEFAULT + CT_ANY_DEFAULT) * 2) / 3); // 524,288
const SOCK_REV_NAT_DEFAULT = CT_ANY_DEFAULT;

/** Per-map floors of dynamic sizing (`limitTableAuto*Min`). */
export const CT_TCP_AUTO_MIN = 1 << 17;
export const CT_ANY_AUTO_MIN = 1 << 16;
export const NAT_AUTO_MIN = 1 << 17;

/** Bounds `checkMapSizeLimits` enforces on the CT and NAT maps. */
export const LIMIT_TABLE_MIN = 1 << 10;
export const LIMIT_TABLE_MAX = 1 << 24;

/** Cilium's default `bpf-map-dynamic-size-ratio`. */
export const DEFAULT_RATIO = 0.0025;

/** Bytes per entry (key + value, IPv6 keys) of the maps the formula weighs. */
export const CT_ENTRY_BYTES = 94;
export const NAT_ENTRY_BYTES = 94;
const NEIGH_ENTRY_BYTES = 24;
const SOCK_REV_ENTRY_BYTES = 48;

const TOTAL_MAP_MEMORY_DEFAULT = BigInt(
  CT_TCP_DEFAULT * CT_ENTRY_BYTES + CT_ANY_DEFAULT * CT_ENTRY_BYTES + NAT_DEFAULT * NAT_ENTRY_BYTES + NAT_DEFAULT * NEIGH_ENTRY_BYTES + SOCK_REV_NAT_DEFAULT * SOCK_REV_ENTRY_BYTES,
);

export interface MapSizes {
  tcp: number;
  any: number;
  nat: number;
}

/** Explicit map sizes (0 or absent: sized dynamically), as the agent's flags give them. */
export interface ExplicitSizes {
  tcp?: number;
  any?: number;
  nat?: number;
}

/**
 * The sizes Cilium computes for a node with `totalMemory` bytes at `ratio`, honouring explicitly
 * set sizes like the agent does (an explicit size replaces the dynamic one; a dynamic NAT size above
 * the two CT sizes together is capped to two thirds of their sum).
 */
export function ciliumMapSizes(totalMemory: number, ratio: number, explicit: ExplicitSizes = {}): MapSizes {
  const calc = dynamicCalculator(totalMemory, ratio);
  const tcp = explicit.tcp ? explicit.tcp : calc(CT_TCP_DEFAULT, CT_TCP_AUTO_MIN, LIMIT_TABLE_MAX);
  const any = explicit.any ? explicit.any : calc(CT_ANY_DEFAULT, CT_ANY_AUTO_MIN, LIMIT_TABLE_MAX);
  let nat: number;
  if (explicit.nat) nat = explicit.nat;
  else {
    nat = calc(NAT_DEFAULT, NAT_AUTO_MIN, LIMIT_TABLE_MAX);
    if (nat > tcp + any) nat = Math.floor(((tcp + any) * 2) / 3);
  }
  return { tcp, any, nat };
}

function dynamicCalculator(totalMemory: number, ratio: number): (def: number, min: number, max: number) => number {
  // Outside (0, 1] the agent keeps the defaults (and refuses a ratio below 0 or above 1 anyway).
  if (!(ratio > 0 && ratio <= 1)) return (def) => def;
  // Go: int(float64(totalMemory) * dynamicSizeRatio), truncation toward zero.
  const available = BigInt(Math.trunc(totalMemory * ratio));
  return (def, min, max) => {
    const entries = Number((BigInt(def) * available) / TOTAL_MAP_MEMORY_DEFAULT);
    if (entries < min) return min;
    if (entries > max) return max;
    return entries;
  };
}

export const GIB = 1024 * 1024 * 1024;

/** The node memories the ratio hover tabulates: the seed's four sizes and a few common others. */
export const TABLE_MEMORIES_GIB: readonly number[] = [4, 7.5, 16, 30, 64, 128, 240];

/**
 * The smallest node memory (bytes, to 1 MiB) at which the dynamic CT sizes sum to at least `need`
 * entries, or undefined when no memory reaches it. Used to say when an explicit NAT size starts to
 * fit.
 */
export function memoryForCtSum(need: number, ratio: number, explicit: ExplicitSizes): number | undefined {
  const step = 1024 * 1024;
  const sum = (mib: number) => {
    const s = ciliumMapSizes(mib * step, ratio, { tcp: explicit.tcp, any: explicit.any });
    return s.tcp + s.any;
  };
  // Binary search over whole MiB up to 64 TiB: the sum never decreases as memory grows.
  let a = 0;
  let b = 64 * 1024 * 1024;
  if (sum(b) < need) return undefined;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (sum(mid) >= need) b = mid;
    else a = mid + 1;
  }
  return a * step;
}

/** New connections per second a table of `entries` sustains when each entry lives `seconds`. */
export function sustainableRate(entries: number, seconds: number): number {
  return seconds > 0 ? entries / seconds : Infinity;
}

/** `12,345` style, for hovers and messages. */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A rate with sensible precision: `1,092/s`, `8.5/s`. */
export function fmtRate(r: number): string {
  if (!Number.isFinite(r)) return 'unbounded';
  if (r >= 100) return `${fmtInt(r)}/s`;
  if (r >= 1) return `${(Math.round(r * 10) / 10).toLocaleString('en-US')}/s`;
  return `${(Math.round(r * 1000) / 1000).toLocaleString('en-US')}/s`;
}

/** Bytes as MiB or GiB with one decimal. */
export function fmtBytes(b: number): string {
  if (b >= GIB) return `${(Math.round((b / GIB) * 10) / 10).toLocaleString('en-US')} GiB`;
  return `${(Math.round((b / (1024 * 1024)) * 10) / 10).toLocaleString('en-US')} MiB`;
}
