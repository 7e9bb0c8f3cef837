/**
 * The conntrack family: checks of the connection-tracking configuration the same users edit next
 * to their Calico policy — Terway's `eni-config` and Cilium's `cilium-config` ConfigMaps (Cilium
 * eBPF conntrack and NAT maps) and the conntrack-cleaner agent's environment, plus Felix's own
 * eBPF conntrack timeouts (a FelixConfiguration rule, in `CONNTRACK_RESOURCE_RULES`). `checkConntrack`
 * recognises the shape (`conntrack/model.ts`), reads it once and runs each rule on the model.
 *
 * Invariants: resources of no recognised shape produce nothing; a throwing rule becomes an
 * `internal-error` finding on the resource instead of losing the other findings.
 */
import type { Diagnostic } from '../../types';
import type { YMap } from '../../yaml/tree';
import type { ConntrackRule } from './types';
import type { Finding } from '../types';
import { readModel, shapeOf } from '../../conntrack/model';
import { rule as terwayConfigJson } from './terway-config-json';
import { rule as terwayArgsSeparateValue } from './terway-args-separate-value';
import { rule as valueNotString } from './conntrack-value-not-string';
import { rule as unknownOption } from './cilium-unknown-option';
import { rule as invalidValue } from './cilium-invalid-value';
import { rule as ratio } from './cilium-map-size-ratio';
import { rule as ctSize } from './cilium-ct-map-size';
import { rule as natSize } from './cilium-nat-map-size';
import { rule as ctTimeout } from './cilium-ct-timeout';
import { rule as gcInterval } from './cilium-gc-interval';
import { rule as cleanerInvalid } from './conntrack-cleaner-invalid-value';
import { rule as cleanerSubsecond } from './conntrack-cleaner-subsecond-frequency';
import { rule as cleanerThreshold } from './conntrack-cleaner-threshold';
import { rule as felixTimeoutIgnored } from './felix-conntrack-timeout-ignored';
import type { ResourceRule } from '../types';

export const CONNTRACK_RULES: readonly ConntrackRule[] = [
  terwayConfigJson,
  terwayArgsSeparateValue,
  valueNotString,
  unknownOption,
  invalidValue,
  ratio,
  ctSize,
  natSize,
  ctTimeout,
  gcInterval,
  cleanerInvalid,
  cleanerSubsecond,
  cleanerThreshold,
];

/** The family's checks of Calico resources (FelixConfiguration), run with the other resource rules. */
export const CONNTRACK_RESOURCE_RULES: readonly ResourceRule[] = [felixTimeoutIgnored];

const SEVERITY = new Map(CONNTRACK_RULES.map((r) => [r.code, r.severity]));

/**
 * Checks one non-Calico resource if it has one of our shapes; returns whether it did (so the
 * document counts as ours and its diagnostics are shown).
 */
export function checkConntrack(node: YMap, text: string, out: Diagnostic[]): boolean {
  let shape;
  try {
    shape = shapeOf(node);
  } catch {
    return false;
  }
  if (!shape) return false;
  let current = 'conntrack-model';
  const report = (code: string, f: Finding) => {
    const d: Diagnostic = { code, severity: f.severity ?? SEVERITY.get(code) ?? 'warning', message: f.message, start: f.start, end: Math.max(f.end, f.start) };
    if (f.data !== undefined) d.data = f.data;
    out.push(d);
  };
  try {
    const model = readModel(node, shape, text);
    for (const r of CONNTRACK_RULES) {
      current = r.code;
      r.check({ model, text, report });
    }
  } catch (e) {
    out.push({
      code: 'internal-error',
      severity: 'warning',
      message: `calico-policy-tools could not finish checking this resource (${current}: ${e instanceof Error ? e.message : String(e)}). Please report this with the document.`,
      start: node.start,
      end: Math.min(node.end, node.start + 1),
    });
  }
  return true;
}
