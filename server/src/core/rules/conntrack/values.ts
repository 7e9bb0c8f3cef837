/**
 * How the agent reads each Cilium option value, shared by the conntrack rules and the hover:
 * `cilium_args` values go through pflag (Go's strict parsers), `cilium-config` values through
 * viper's casts, where a duration written without a unit is read as nanoseconds
 * (spf13/cast `ToDurationE` appends `ns` when no unit letter occurs). Also the effective explicit
 * map sizes of one configuration, which the size rules compare.
 */
import { parseGoDuration, parseGoFloat, parseGoInt, type GoParse } from '../../conntrack/go-values';
import { OPTIONS_BY_NAME, type CiliumOption } from '../../conntrack/options';
import type { CiliumSettings, OptionSetting } from '../../conntrack/model';
import { quoteValue } from '../../util/strings';

export type Parsed = { ok: true; number: number; ns?: bigint; bareNumber?: boolean } | { ok: false; reason: string };

const UNIT_LETTERS = 'nsuµmh';

/** Parses an option's value as its type; `undefined` when there is no value to parse. */
export function parseOptionValue(opt: CiliumOption, setting: OptionSetting, source: CiliumSettings['source']): Parsed | undefined {
  const raw = setting.value;
  if (raw === undefined) return undefined;
  if (opt.type === 'duration') {
    let text = raw;
    let bare = false;
    if (source === 'cilium-config' && ![...UNIT_LETTERS].some((c) => raw.includes(c))) {
      text = `${raw}ns`;
      bare = true;
    }
    const r: GoParse<bigint> = parseGoDuration(text);
    if (!r.ok) return r;
    return { ok: true, number: Number(r.value) / 1e9, ns: r.value, bareNumber: bare };
  }
  if (opt.type === 'int') {
    const r = parseGoInt(raw);
    return r.ok ? { ok: true, number: Number(r.value) } : r;
  }
  const r = parseGoFloat(raw);
  return r.ok ? { ok: true, number: r.value } : r;
}

/** The last setting of each known option (a later flag overrides an earlier one). */
export function lastSettings(settings: CiliumSettings): Map<string, OptionSetting> {
  const m = new Map<string, OptionSetting>();
  for (const o of settings.options) if (OPTIONS_BY_NAME.has(o.name) && !o.separated) m.set(o.name, o);
  return m;
}

/** The numeric value of a known option when it parses, else undefined. */
export function numberOf(settings: CiliumSettings, name: string): { value: number; setting: OptionSetting } | undefined {
  const s = lastSettings(settings).get(name);
  const opt = OPTIONS_BY_NAME.get(name);
  if (!s || !opt || s.nonStringValue) return undefined;
  const p = parseOptionValue(opt, s, settings.source);
  return p && p.ok ? { value: p.number, setting: s } : undefined;
}

/** User text as a message shows it: escaped, and cut to a short excerpt when long. */
export function bounded(s: string): string {
  return quoteValue(s).slice(1, -1);
}
