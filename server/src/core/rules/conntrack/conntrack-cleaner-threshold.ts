/**
 * conntrack-cleaner-threshold: `CONNECTION_RENEWAL_THRESHOLD` below 1. An entry is deleted once
 * its renewal count exceeds the threshold (`cleanStaleConntrackEntries`), so 0 or a negative value
 * deletes every UNREPLIED entry the second time a dump sees its timer renewed, including an
 * ordinary client's quick retry.
 */
import type { ConntrackRule } from './types';
import { parseGoAtoi } from '../../conntrack/go-values';
import { bounded } from './values';

export const rule: ConntrackRule = {
  code: 'conntrack-cleaner-threshold',
  severity: 'warning',
  origin: 'semantics',
  summary: 'CONNECTION_RENEWAL_THRESHOLD below 1: every renewed UNREPLIED entry is deleted at the next dump.',
  check(ctx) {
    for (const v of ctx.model.cleaner) {
      if (v.name !== 'CONNECTION_RENEWAL_THRESHOLD' || v.value === undefined) continue;
      const r = parseGoAtoi(v.value);
      if (!r.ok || r.value >= 1n) continue;
      ctx.report('conntrack-cleaner-threshold', {
        ...(v.valueSpan ?? v.nameSpan),
        message: `CONNECTION_RENEWAL_THRESHOLD ${bounded(v.value)} makes conntrack-cleaner delete an UNREPLIED entry as soon as one dump sees its timer renewed, even for a client's ordinary retry; use 1 or more (default 3).`,
        data: { value: Number(r.value) },
      });
    }
  },
};
