/**
 * `invalid-regexp`: a field Calico compiles as a Go regular expression (RE2 syntax) holds a pattern
 * Go refuses, such as a leading `*` (`*eth` must be written `.*eth`), an unclosed group or class, or
 * Perl-only syntax like lookahead. Calico's validator compiles these fields with `regexp.Compile`;
 * so do we, with `re2js` (a port of Go's regexp package), and the reason given is Go's own error
 * kind with the part of the pattern at fault.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { goRegexpProblem } from '../../util/re2';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-regexp';

const FIELDS: Record<string, readonly string[]> = {
  FelixConfiguration: [
    'spec.logDebugFilenameRegex',
    'spec.nftablesFlowTableDataIfacePattern',
    'spec.bpfDataIfacePattern',
    'spec.bpfL3IfacePattern',
    'spec.bpfDisableGROForIfaces',
    'spec.mtuIfacePattern',
  ],
  KubeControllersConfiguration: ['spec.controllers.node.hostEndpoint.templates[*].interfacePattern'],
};

function check(ctx: ResourceContext): void {
  for (const path of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const value = str(hit.node);
      if (!value) continue;
      const why = goRegexpProblem(value);
      if (!why) continue;
      // A glob-style leading '*' is the usual mistake: in a regular expression "anything" is '.*'.
      const hint = /^[*+?]/.test(value) ? ` For "anything", write '.*' (for example '.${value}').` : '';
      reportOn(ctx, CODE, hit.node, `${shown(value)} is not a valid regular expression: ${why}.${hint}`, { data: { field: hit.path, reason: why } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A regular-expression field whose pattern Go (RE2) cannot compile.',
  kinds: Object.keys(FIELDS),
  check,
};
