/**
 * FelixConfiguration and KubeControllersConfiguration checks (Calico's validator, Go decoding and
 * the CRDs' CEL rules) beyond the parity fixtures.
 */
import { test } from 'node:test';
import { checkCase, header, type Case } from './resource-kinds-cases';

const felix = (spec: string, name = 'default'): string => `${header('FelixConfiguration', name)}spec:\n${spec}`;
const kcc = (spec: string): string => `${header('KubeControllersConfiguration')}spec:\n  controllers:\n${spec}`;

const CASES: Case[] = [
  ['durations re-rendered fine', felix('  iptablesRefreshInterval: 90s\n  routeRefreshInterval: 1h\n  reportingInterval: 500ms\n'), []],
  ['duration re-rendered with a fraction warns', felix('  routeRefreshInterval: 2500ms\n'), ['invalid-duration!']],
  ['fractional live migration is fine', felix('  liveMigrationRouteConvergenceTime: 1.5s\n'), []],
  ['overflowing duration', felix('  netlinkTimeout: 99999999999h\n'), ['invalid-duration']],
  ['unpatterned duration field', felix("  dataplaneWatchdogTimeout: '90'\n"), ['invalid-duration']],
  ['negative health timeout', felix('  healthTimeoutOverrides:\n    - {name: Main Loop, timeout: -1s}\n'), ['invalid-duration']],
  ['node selector on selector-scoped config', felix("  nodeSelector: zone == 'a'\n", 'zone-a'), []],
  ['node selector on node.x', felix("  nodeSelector: all()\n", 'node.n1'), ['felix-node-selector-scope']],
  ['unparseable node selector warns', felix("  nodeSelector: 'zone =='\n", 'zone-a'), ['invalid-resource-selector!']],
  ['route table ranges at the table limit', felix('  routeTableRanges:\n    - {min: 1, max: 65535}\n'), []],
  ['route table range 250', felix('  routeTableRange: {min: 1, max: 250}\n'), []],
  ['node port ranges', felix("  kubeNodePortRanges: [30000, '30000:32767']\n  natPortRange: web\n  bpfPSNATPorts: '20000:29999'\n"), []],
  ['nat port range name not IANA', felix('  natPortRange: my_port\n'), ['invalid-port-range']],
  ['nat port range too big', felix('  natPortRange: 70000\n'), ['invalid-port-range']],
  ['addresses', felix("  natOutgoingAddress: 10.0.0.1\n  deviceRouteSourceAddress: 10.0.0.2\n  deviceRouteSourceAddressIPv6: 'fd00::2'\n"), []],
  ['empty addresses are unset', felix("  natOutgoingAddress: ''\n"), []],
  ['external nodes mapped v4 ok', felix("  externalNodesList: ['::ffff:10.0.0.1']\n"), []],
  ['regexps', felix("  bpfDataIfacePattern: '^(eth|ens)[0-9]+$'\n  mtuIfacePattern: '(?i)^eth'\n  logDebugFilenameRegex: 'a{1001}'\n"), ['invalid-regexp']],
  ['wireguard interface star accepted', felix("  wireguardInterfaceName: '*'\n"), []],
  ['case-sensitive choices', felix('  serviceLoopPrevention: Reject\n  workloadSourceSpoofing: any\n'), ['invalid-choice']],
  ['unknown choice left to the schema', felix('  workloadSourceSpoofing: sometimes\n'), ['invalid-value']],
  ['feature lists', felix("  featureDetectOverride: 'SNATFullyRandom=true,MASQFullyRandom=false'\n  featureGates: 'BPFConnectTimeLoadBalancingWorkaround=enabled,'\n"), []],
  ['open stack region at 46', felix(`  openstackRegion: ${'a'.repeat(46)}\n`), []],
  ['go runtime -1', felix('  goGCThreshold: -1\n  goMaxProcs: 0\n'), []],
  ['connmark 32-bit', felix('  bpfExtToServiceConnmark: 4294967296\n'), ['invalid-number']],
  ['failsafe port 0 accepted', felix('  failsafeInboundHostPorts:\n    - {protocol: tcp, port: 0}\n'), []],
  ['dscp string left alone', felix('  istioDSCPMark: AF11\n'), []],
  ['dscp 256', felix('  istioDSCPMark: 256\n'), ['invalid-number']],
  ['kcc templates ok', kcc("    node:\n      hostEndpoint:\n        autoCreate: Enabled\n        createDefaultHostEndpoint: Disabled\n        templates:\n          - generateName: edge\n            interfaceCIDRs: ['10.0.0.0/8', 'fd00::1']\n            interfacePattern: '^eth'\n            nodeSelector: has(edge)\n            labels: {a.b/c: d}\n            annotations: {Example.COM/Note: free text}\n"), []],
  ['kcc template problems', kcc("    node:\n      hostEndpoint:\n        templates:\n          - generateName: edge\n            interfaceCIDRs: ['10.0.0.0/8', 'x']\n            interfacePattern: '(?=eth)'\n            nodeSelector: 'has(edge'\n"), ['invalid-network', 'invalid-regexp', 'invalid-resource-selector']],
  ['kcc periods', kcc("    node:\n      reconcilerPeriod: 5m\n      leakGracePeriod: ''\n"), ['invalid-duration']],
  ['node status', `${header('CalicoNodeStatus', 's')}spec:\n  node: n1\n  classes: []\n  updatePeriodSeconds: 86401\n`, ['invalid-number']],
  ['block affinity', `${header('BlockAffinity', 'b')}spec:\n  cidr: 10.0.0.0/26\n  node: n1\n  state: confirmed\n  deleted: false\n`, []],
];

for (const c of CASES) test(`felix/kcc: ${c[0]}`, () => checkCase(c));
