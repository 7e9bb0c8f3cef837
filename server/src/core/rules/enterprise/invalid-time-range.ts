/**
 * `invalid-time-range` (Calico Enterprise/Cloud): an `endTime` that is not after the `startTime`
 * of an AlertException or a PacketCapture, which their CRDs' CEL rules refuse (the times are
 * RFC 3339 timestamps, compared as instants, so time zones are taken into account).
 *
 * Reported on the `endTime` value. A time that does not parse is the schema's `date-time` format
 * error, not this rule's.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { present, reportOn, specOf, str } from '../resources/walk';

const CODE = 'invalid-time-range';

/** Milliseconds since the epoch and the sub-millisecond rest, for an exact comparison. */
function instant(text: string): [number, number] | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]!.replace(/[t ]/, 'T')}${m[3]!.toUpperCase() === 'Z' ? 'Z' : m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0').slice(0, 9);
  return [ms + Number(frac.slice(0, 3)), Number(frac.slice(3))];
}

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const end = present(spec, 'endTime');
  const start = present(spec, 'startTime');
  if (!end?.value || !start) return;
  const e = instant(str(end.value) ?? '');
  const s = instant(str(start.value) ?? '');
  if (!e || !s) return;
  if (e[0] > s[0] || (e[0] === s[0] && e[1] > s[1])) return;
  reportOn(ctx, CODE, end.value, `'endTime' must be later than 'startTime' (${str(start.value)}); this ${ctx.kind} would end before it starts.`, { data: { field: 'spec.endTime' } });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'An endTime that is not after the startTime (AlertException, PacketCapture; Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: ['!has(self.endTime) || self.endTime > self.startTime', '!has(self.endTime) || !has(self.startTime) || self.endTime > self.startTime'],
  kinds: ['AlertException', 'PacketCapture'],
  check,
};
