/**
 * IPPool checks (Calico's validator and the IPPool CRD's CEL rules) beyond the parity fixtures.
 */
import { test } from 'node:test';
import { checkCase, header, type Case } from './resource-kinds-cases';

const pool = (spec: string): string => `${header('IPPool', 'p')}spec:\n${spec}`;

const CASES: Case[] = [
  ['plain v4', pool('  cidr: 10.0.0.0/16\n'), []],
  ['plain v6 with upper case', pool("  cidr: 'FD00::/64'\n"), []],
  ['not masked', pool('  cidr: 10.0.0.1/16\n'), ['cidr-not-masked']],
  ['v4-mapped CIDR refused by CEL', pool("  cidr: '::ffff:10.0.0.0/112'\n"), ['invalid-network']],
  ['leading zero in prefix', pool('  cidr: 10.0.0.0/016\n'), ['invalid-network']],
  ['bare IP is the schema', pool('  cidr: 10.0.0.1\n'), ['invalid-value']],
  ['too small for default block', pool('  cidr: 10.0.0.0/27\n'), ['ippool-block-size']],
  ['too small but disabled', pool('  cidr: 10.0.0.0/27\n  disabled: true\n'), []],
  ['small with small block', pool('  cidr: 10.0.0.0/30\n  blockSize: 30\n'), []],
  ['block size 0 means default', pool('  cidr: 10.0.0.0/16\n  blockSize: 0\n'), []],
  ['block size for wrong family (and pool smaller than it)', pool("  cidr: 'fd00::/64'\n  blockSize: 26\n"), ['ippool-block-size', 'ippool-block-size']],
  ['v6 /122 ok', pool("  cidr: 'fd00::/122'\n"), []],
  ['link local containing', pool('  cidr: 169.0.0.0/8\n'), ['ippool-link-local']],
  ['just outside link local', pool('  cidr: 169.253.0.0/16\n'), []],
  ['v6 vxlan ok', pool("  cidr: 'fd00::/64'\n  vxlanMode: Always\n"), []],
  ['v6 ipip Never ok', pool("  cidr: 'fd00::/64'\n  ipipMode: Never\n"), []],
  ['ipip and vxlan', pool('  cidr: 10.0.0.0/16\n  ipipMode: CrossSubnet\n  vxlanMode: CrossSubnet\n'), ['ippool-encapsulation']],
  ['ipip Always, vxlan Never', pool('  cidr: 10.0.0.0/16\n  ipipMode: Always\n  vxlanMode: Never\n'), []],
  ['LB alone', pool('  cidr: 10.0.0.0/16\n  allowedUses: [LoadBalancer]\n  nodeSelector: all()\n'), []],
  ['LB with empty selector (defaulted by calicoctl)', pool("  cidr: 10.0.0.0/16\n  allowedUses: [LoadBalancer]\n  nodeSelector: ''\n"), []],
  ['LB with selector', pool("  cidr: 10.0.0.0/16\n  allowedUses: [LoadBalancer]\n  nodeSelector: has(x)\n"), ['ippool-allowed-uses']],
  ['LB with encapsulation and no export', pool('  cidr: 10.0.0.0/16\n  allowedUses: [LoadBalancer]\n  ipipMode: Always\n  disableBGPExport: true\n'), ['ippool-allowed-uses', 'ippool-allowed-uses']],
  ['LB with disableBGPExport false', pool('  cidr: 10.0.0.0/16\n  allowedUses: [LoadBalancer]\n  disableBGPExport: false\n'), []],
  ['Workload with namespaceSelector', pool("  cidr: 10.0.0.0/16\n  allowedUses: [Workload]\n  namespaceSelector: a == 'b'\n"), []],
  ['no uses with namespaceSelector warns', pool("  cidr: 10.0.0.0/16\n  namespaceSelector: a == 'b'\n"), ['ippool-allowed-uses!']],
  ['selector syntax', pool("  cidr: 10.0.0.0/16\n  nodeSelector: 'a =='\n"), ['invalid-resource-selector']],
  ['global() in a compound node selector', pool("  cidr: 10.0.0.0/16\n  nodeSelector: \"has(a) && global()\"\n"), ['invalid-resource-selector']],
  ['unknown encapsulation value is the schema only', pool('  cidr: 10.0.0.0/16\n  ipipMode: always\n  vxlanMode: Always\n'), ['invalid-value']],
];

for (const c of CASES) test(`ippool: ${c[0]}`, () => checkCase(c));
