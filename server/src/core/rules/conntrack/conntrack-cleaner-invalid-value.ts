/**
 * conntrack-cleaner-invalid-value: `CONNTRACK_TABLE_DUMP_FREQUENCY` is not a Go duration, or
 * `CONNECTION_RENEWAL_THRESHOLD` not a decimal integer (an empty or missing `value` included).
 * The agent logs a warning and silently uses its default, 1s or 3 (hanamantagoudvk/conntrack-cleaner,
 * `cmd/main.go`), so the message names the value it will actually use.
 */
import type { ConntrackRule } from './types';
import { CLEANER_DEFAULTS, parseCleanerValue } from './cleaner';
import { quoteValue } from '../../util/strings';

export const rule: ConntrackRule = {
  code: 'conntrack-cleaner-invalid-value',
  severity: 'warning',
  origin: 'semantics',
  summary: "A conntrack-cleaner variable the agent cannot parse; it silently uses its default (1s, 3) instead.",
  check(ctx) {
    for (const v of ctx.model.cleaner) {
      if (v.value === undefined) continue;
      const r = parseCleanerValue(v.name, v.value);
      if (r.ok) continue;
      const kind = v.name === 'CONNTRACK_TABLE_DUMP_FREQUENCY' ? 'a Go duration such as 1s or 2m' : 'a decimal integer';
      const def = CLEANER_DEFAULTS[v.name];
      ctx.report('conntrack-cleaner-invalid-value', {
        ...(v.valueSpan ?? v.nameSpan),
        message: `${v.value === '' ? `${v.name} is empty` : `${quoteValue(v.value)} is not ${kind} (${r.reason})`}; conntrack-cleaner logs a warning and uses ${def} instead.`,
        data: { name: v.name, used: def },
      });
    }
  },
};
