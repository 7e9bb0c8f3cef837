/**
 * felix-conntrack-timeout-ignored: a FelixConfiguration `bpfConntrackTimeouts` entry that the CRD
 * pattern accepts but Felix cannot use. The API types these fields as plain strings checked only
 * by the pattern `^(([0-9]*(\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$`, which also admits texts Go's
 * `time.ParseDuration` refuses (`s`, `1sms`, `.s`). Felix parses each entry with ParseDuration
 * and, when that fails and the value is not `Auto`, logs "Not a valid BPF conntrack timeout value,
 * using default" and keeps its default (projectcalico/calico `felix/bpf/conntrack/timeouts`,
 * `GetTimeouts`). The resource is accepted, so this is a warning naming the default used.
 * A value the pattern refuses is the schema's error (`invalid-value`) and is left to it.
 */
import type { ResourceRule } from '../types';
import { schemaAt } from '../../schema/lookup';
import { goRegexp } from '../../util/re2';
import { getValue } from '../../yaml/tree';
import { parseGoDuration } from '../../conntrack/go-values';
import { FELIX_TIMEOUT_DEFAULTS } from '../../conntrack/felix';
import { bounded } from './values';

const CODE = 'felix-conntrack-timeout-ignored';

export const rule: ResourceRule = {
  code: CODE,
  severity: 'warning',
  origin: 'semantics',
  summary: 'A bpfConntrackTimeouts value the CRD pattern admits but Go cannot parse; Felix uses its default instead.',
  kinds: ['FelixConfiguration'],
  check(ctx) {
    const timeouts = getValue(getValue(ctx.root, 'spec'), 'bpfConntrackTimeouts');
    if (timeouts?.kind !== 'map') return;
    for (const p of timeouts.pairs) {
      const key = p.keyText;
      const v = p.value;
      if (key === null || !v || v.kind !== 'scalar' || v.type !== 'string') continue;
      const def = FELIX_TIMEOUT_DEFAULTS[key];
      if (def === undefined) continue;
      const text = String(v.value);
      if (text === 'Auto' || parseGoDuration(text).ok) continue;
      const pattern = schemaAt('FelixConfiguration', ['spec', 'bpfConntrackTimeouts', key])?.['pattern'];
      if (typeof pattern !== 'string' || !goRegexp(pattern).test(text)) continue;
      ctx.report(CODE, {
        start: v.start,
        end: v.end,
        message: `'${bounded(text)}' passes the CRD's pattern but is not a Go duration, so Felix ignores it and uses the default ${def}s for ${key}.`,
        data: { key, defaultSeconds: def },
      });
    }
  },
};
