/**
 * HostEndpoint, network set and IPReservation checks against Calico's verdicts (validator tags,
 * struct validators and CRD CEL rules), beyond the parity fixtures.
 */
import { test } from 'node:test';
import { checkCase, header, type Case } from './resource-kinds-cases';

const hep = (spec: string): string => `${header('HostEndpoint', 'h')}spec:\n${spec}`;
const gns = (nets: string): string => `${header('GlobalNetworkSet', 'g')}spec:\n  nets: ${nets}\n`;

const CASES: Case[] = [
  ['interface and node', hep('  node: n1\n  interfaceName: eth0\n'), []],
  ['wildcard interface', hep("  node: n1\n  interfaceName: '*'\n"), []],
  ['expected IPs only', hep("  node: n1\n  expectedIPs: ['10.0.0.1', 'fd00::1', '::ffff:1.2.3.4']\n"), []],
  ['no node', hep('  interfaceName: eth0\n'), ['hostendpoint-node-required']],
  ['empty node', hep("  node: ''\n  interfaceName: eth0\n"), ['hostendpoint-node-required']],
  ['nothing to match', hep('  node: n1\n'), ['hostendpoint-no-interface']],
  ['empty interface, empty IPs', hep("  node: n1\n  interfaceName: ''\n  expectedIPs: []\n"), ['hostendpoint-no-interface']],
  ['upper-case node', hep('  node: Node1\n  interfaceName: eth0\n'), ['invalid-resource-name']],
  ['dotted node', hep('  node: rack1.node-1\n  interfaceName: eth0\n'), []],
  ['bad interface chars', hep("  node: n1\n  interfaceName: 'a b'\n"), ['invalid-interface-name']],
  ['long interface is the schema', hep('  node: n1\n  interfaceName: abcdefghijklmnop\n'), ['out-of-range']],
  ['CIDR in expectedIPs', hep("  node: n1\n  expectedIPs: ['10.0.0.0/8']\n"), ['invalid-ip']],
  ['profiles', hep('  node: n1\n  interfaceName: eth0\n  profiles: [knp.default.x, kns.prod, Bad]\n'), ['invalid-resource-name']],
  ['ports ok', hep('  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: web, protocol: TCP, port: 80}\n    - {name: web, protocol: 17, port: 80}\n    - {name: s, protocol: "132", port: 1}\n'), []],
  ['port protocol UDPLite has no ports', hep('  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: web, protocol: UDPLite, port: 80}\n'), ['invalid-endpoint-port']],
  ['port protocol 0', hep('  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: web, protocol: 0, port: 80}\n'), ['invalid-endpoint-port']],
  ['port protocol 256', hep('  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: web, protocol: 256, port: 80}\n'), ['invalid-endpoint-port']],
  ['port name with digits only', hep('  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: "123", protocol: TCP, port: 80}\n'), ['invalid-endpoint-port']],
  ['empty port name', hep("  node: n1\n  interfaceName: eth0\n  ports:\n    - {name: '', protocol: TCP, port: 80}\n"), ['invalid-endpoint-port']],
  ['network set: IPs, CIDRs, host bits', gns("['10.0.0.1', '11.0.0.0/8', 'dead:beef::', 'dead:beef::/96', '10.1.2.3/8']"), []],
  ['network set: garbage', gns("['garbage', '10.0.0.0/33', 'fd00::/129']"), ['invalid-network', 'invalid-network', 'invalid-network']],
  ['network set: reserved label is the metadata rule', `apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata:\n  name: s\n  namespace: x\n  labels:\n    projectcalico.org/namespace: x\nspec:\n  nets: ['10.0.0.0/8']\n`, ['invalid-label']],
  ['reservation with host bits', `${header('IPReservation', 'r')}spec:\n  reservedCIDRs: ['10.0.0.1/24', 'cafe::1/128']\n`, []],
];

for (const c of CASES) test(`hostendpoint/networkset: ${c[0]}`, () => checkCase(c));
