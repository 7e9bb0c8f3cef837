/**
 * What a conntrack-family rule is: like a resource rule it owns one code, but it checks the model
 * of a recognised Terway, Cilium or conntrack-cleaner resource (`conntrack/model.ts`), read once
 * per resource, rather than a Calico resource.
 */
import type { RuleMeta, Finding } from '../types';
import type { ConntrackModel } from '../../conntrack/model';

export interface ConntrackContext {
  model: ConntrackModel;
  text: string;
  report(code: string, finding: Finding): void;
}

export interface ConntrackRule extends RuleMeta {
  check(ctx: ConntrackContext): void;
}
