/**
 * The codes of the conntrack family (Terway, Cilium and conntrack-cleaner configuration), listed
 * apart from the rules so that settings (`config.ts`) can turn the whole family off without
 * importing the rules. test/unit/conntrack.test.ts checks this list against the rules.
 */
export const CONNTRACK_CODES: ReadonlySet<string> = new Set([
  'terway-config-json',
  'terway-args-separate-value',
  'conntrack-value-not-string',
  'cilium-unknown-option',
  'cilium-invalid-value',
  'cilium-map-size-ratio',
  'cilium-ct-map-size',
  'cilium-nat-map-size',
  'cilium-ct-timeout',
  'cilium-gc-interval',
  'conntrack-cleaner-invalid-value',
  'conntrack-cleaner-subsecond-frequency',
  'conntrack-cleaner-threshold',
  'felix-conntrack-timeout-ignored',
]);
