/**
 * conntrack-cleaner-subsecond-frequency: `CONNTRACK_TABLE_DUMP_FREQUENCY` below one second
 * (nanoseconds, microseconds, milliseconds, zero or negative). The agent sleeps that long between
 * two full dumps of the conntrack table (`time.Sleep` in `runConntrackTableDump`), so it would dump
 * the table almost continuously; the project says not to use sub-second values.
 */
import type { ConntrackRule } from './types';
import { parseGoDuration } from '../../conntrack/go-values';
import { bounded } from './values';

export const rule: ConntrackRule = {
  code: 'conntrack-cleaner-subsecond-frequency',
  severity: 'warning',
  origin: 'semantics',
  summary: 'CONNTRACK_TABLE_DUMP_FREQUENCY below one second: the agent would dump the conntrack table almost continuously.',
  check(ctx) {
    for (const v of ctx.model.cleaner) {
      if (v.name !== 'CONNTRACK_TABLE_DUMP_FREQUENCY' || v.value === undefined) continue;
      const r = parseGoDuration(v.value);
      if (!r.ok || r.value >= 1000000000n) continue;
      ctx.report('conntrack-cleaner-subsecond-frequency', {
        ...(v.valueSpan ?? v.nameSpan),
        message: `CONNTRACK_TABLE_DUMP_FREQUENCY ${bounded(v.value)} is under one second: conntrack-cleaner would dump the whole conntrack table ${r.value <= 0n ? 'back to back without pausing' : 'many times a second'}, costing CPU on every node. The project advises whole seconds (default 1s).`,
        data: { nanoseconds: r.value.toString() },
      });
    }
  },
};
