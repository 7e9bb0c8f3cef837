/**
 * cilium-invalid-value: a conntrack option's value does not parse as its type (integer, float or
 * Go duration). As a `cilium_args` flag, pflag refuses it and the agent does not start (error).
 * In `cilium-config` the value goes through viper, whose casts turn an unparseable value into 0
 * or make the agent refuse it depending on the option and the Cilium version (warning); there a
 * duration written without a unit (`3600`) is read as nanoseconds, which is also reported.
 */
import type { ConntrackRule } from './types';
import { OPTIONS_BY_NAME } from '../../conntrack/options';
import { bounded, parseOptionValue } from './values';
import { quoteValue as quote } from '../../util/strings';

const TYPE_WORDS = { int: 'an integer', float: 'a number', duration: 'a Go duration such as 90s, 5m or 1h' } as const;

export const rule: ConntrackRule = {
  code: 'cilium-invalid-value',
  severity: 'error',
  origin: 'component',
  summary: 'A Cilium conntrack option whose value does not parse as its type (integer, number or duration).',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      const args = s.source === 'cilium_args';
      for (const o of s.options) {
        const opt = OPTIONS_BY_NAME.get(o.name);
        if (!opt || o.separated || o.nonStringValue) continue;
        if (o.value === undefined) {
          if (args) ctx.report('cilium-invalid-value', { ...o.span, message: `'--${o.name}' needs a value (${TYPE_WORDS[opt.type]}): write '--${o.name}=<value>'; without one cilium-agent refuses the flag.`, data: { name: o.name, reason: 'missing' } });
          continue;
        }
        const p = parseOptionValue(opt, o, s.source);
        if (!p) continue;
        if (!p.ok) {
          if (args) ctx.report('cilium-invalid-value', { ...o.valueSpan, message: `${quote(o.value)} is not ${TYPE_WORDS[opt.type]} (${p.reason}); cilium-agent refuses '--${o.name}' and does not start.`, data: { name: o.name, reason: 'syntax' } });
          else ctx.report('cilium-invalid-value', { ...o.valueSpan, severity: 'warning', message: `${quote(o.value)} is not ${TYPE_WORDS[opt.type]} (${p.reason}); cilium-agent either reads it as 0 or refuses it, depending on the option and version.`, data: { name: o.name, reason: 'syntax' } });
        } else if (p.bareNumber && p.number !== 0) {
          ctx.report('cilium-invalid-value', { ...o.valueSpan, severity: 'warning', message: `'${bounded(o.value)}' has no unit, so cilium-agent reads it as ${bounded(o.value)} nanoseconds; write '${bounded(o.value)}s' for seconds.`, data: { name: o.name, reason: 'nanoseconds' } });
        }
      }
    }
  },
};
