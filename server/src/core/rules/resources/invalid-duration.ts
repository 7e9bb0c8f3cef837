/**
 * `invalid-duration`: a duration field (a Kubernetes `metav1.Duration`) holding text Go's
 * `time.ParseDuration` refuses, so the resource cannot be decoded: an empty string, a number
 * without a unit, an unknown unit, or a value beyond about 292 years. Also: a negative Felix health
 * timeout override, which Calico's validator refuses.
 *
 * FelixConfiguration durations also have a CRD pattern (whole numbers with ms, s, m or h). When the
 * pattern already rejects a value, the schema check reports it and this rule stays silent. When the
 * text passes the pattern but the form Calico writes it back in does not (`1500ms` becomes `1.5s`),
 * calicoctl and the Calico API server refuse it while a plain `kubectl apply` accepts it: that case
 * is a warning.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { schemaFor } from '../../schema/catalog';
import { goDurationString, parseGoDuration } from './go-duration';
import { reportOn, select, shown, str } from './walk';
import { goRegexp, type GoRegexp } from '../../util/re2';

const CODE = 'invalid-duration';

const FELIX = [
  'dataplaneWatchdogTimeout', 'routeRefreshInterval', 'interfaceRefreshInterval', 'iptablesRefreshInterval',
  'iptablesPostWriteCheckInterval', 'iptablesLockProbeInterval', 'ipsetsRefreshInterval', 'xdpRefreshInterval',
  'netlinkTimeout', 'reportingInterval', 'reportingTTL', 'endpointReportingDelay', 'usageReportingInitialDelay',
  'usageReportingInterval', 'debugSimulateCalcGraphHangAfter', 'debugSimulateDataplaneHangAfter',
  'debugSimulateDataplaneApplyDelay', 'nftablesRefreshInterval', 'bpfIPFragTimeout', 'bpfKubeProxyMinSyncPeriod',
  'flowLogsFlushInterval', 'liveMigrationRouteConvergenceTime', 'wireguardKeepAlive',
  'localSubnetL2ReachabilityRefreshInterval',
];

const FIELDS: Record<string, readonly string[]> = {
  FelixConfiguration: [...FELIX.map((f) => `spec.${f}`), 'spec.healthTimeoutOverrides[*].timeout'],
  BGPPeer: ['spec.maxRestartTime', 'spec.keepaliveTime'],
  BGPConfiguration: ['spec.nodeMeshMaxRestartTime'],
  KubeControllersConfiguration: [
    'spec.etcdV3CompactionPeriod',
    'spec.controllers.node.reconcilerPeriod',
    'spec.controllers.node.leakGracePeriod',
    'spec.controllers.policy.reconcilerPeriod',
    'spec.controllers.workloadEndpoint.reconcilerPeriod',
    'spec.controllers.serviceAccount.reconcilerPeriod',
    'spec.controllers.namespace.reconcilerPeriod',
  ],
};

/** The CRD pattern (Go RE2) of a top-level FelixConfiguration spec field. */
function felixPattern(field: string): GoRegexp | null {
  const schema = schemaFor('FelixConfiguration') as { properties?: { spec?: { properties?: Record<string, { pattern?: string }> } } } | undefined;
  const pattern = schema?.properties?.spec?.properties?.[field]?.pattern;
  return pattern ? goRegexp(pattern) : null;
}

function check(ctx: ResourceContext): void {
  for (const path of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const value = str(hit.node);
      if (value === undefined) continue;
      const field = path.split('.').pop()!;
      const pattern = ctx.kind === 'FelixConfiguration' && path.startsWith('spec.') && !path.includes('[') ? felixPattern(field) : null;
      if (pattern && !pattern.test(value)) continue; // the schema reports it
      const data = { field: hit.path };
      const parsed = parseGoDuration(value);
      if (!parsed.ok) {
        reportOn(ctx, CODE, hit.node, `${shown(value)} is not a duration Calico can read: ${parsed.reason}. Write it like 30s, 5m or 1h30m.`, { data });
        continue;
      }
      if (field === 'timeout' && parsed.nanos < 0n) {
        reportOn(ctx, CODE, hit.node, `A health timeout override cannot be negative.`, { data });
        continue;
      }
      if (pattern) {
        const rendered = goDurationString(parsed.nanos);
        if (!pattern.test(rendered)) {
          reportOn(ctx, CODE, hit.node, `calicoctl and the Calico API server store ${shown(value)} as ${shown(rendered)}, which this field's format refuses; write it in whole units instead (such as ${suggestWhole(parsed.nanos)}).`, {
            data: { ...data, rendered },
            severity: 'warning',
          });
        }
      }
    }
  }
}

/** A whole-number spelling of a duration that Go renders without a fraction. */
function suggestWhole(nanos: bigint): string {
  const ms = nanos / 1000000n;
  return ms % 1000n === 0n ? goDurationString(nanos) : `${(ms + 999n) / 1000n}s`;
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A duration that Calico cannot decode (such as a missing unit), or a negative health timeout.',
  kinds: Object.keys(FIELDS),
  check,
};
