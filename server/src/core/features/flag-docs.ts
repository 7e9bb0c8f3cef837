/**
 * Hover texts for the three policy flags that decide how a GlobalNetworkPolicy meets connection
 * tracking, in our own words, with the arithmetic that motivates untracked policy.
 */

const CONNTRACK_MATH =
  'A conntrack table sustains about **table size ÷ entry timeout** new connections per second: the ' +
  "kernel's largest default table, 262,144 entries, with a 120 s timeout gives 262,144 / 120 ≈ **2,184 new " +
  'connections/s**, and 524,288 / 120 ≈ 4,369/s. A memcached server taking 50,000 new connections per ' +
  'second would need room for about 6 million entries; untracked policy lets that traffic skip the table.';

// Facts from the kernel's Documentation/networking/nf_conntrack-sysctl.rst
// (https://www.kernel.org/doc/html/latest/networking/nf_conntrack-sysctl.html). Felix does not size
// the kernel table in the iptables and nftables dataplanes; these defaults apply unless the node sets them.
const KERNEL_DEFAULTS =
  "Kernel defaults (iptables/nftables dataplanes; Felix leaves them alone): `nf_conntrack_max` defaults to `nf_conntrack_buckets`, which is total memory ÷ 16,384, " +
  'at least 1,024 and at most 262,144. TCP timeouts: established 432,000 s (5 days), syn_sent 120 s, syn_recv 60 s, fin_wait 120 s, close_wait 60 s, ' +
  'last_ack 30 s, time_wait 120 s, close 10 s, unacknowledged 300 s. Source: the kernel\'s `Documentation/networking/nf_conntrack-sysctl.rst`.';

export const FLAG_DOCS: Readonly<Record<string, string>> = {
  doNotTrack: [
    '**doNotTrack** — untracked policy',
    '',
    'The rules of this policy run in the raw table, before Linux connection tracking, and packets they allow are never tracked. ' +
      'Untracked policies run before all other policy, whatever their `order`, and only act on **host endpoints** (and host-networked processes).',
    '',
    "Because nothing is tracked, replies are **not** allowed automatically: every Allow rule needs a mirrored rule for its replies " +
      '(ingress to port P from S ⇒ egress from port P to S), or those connections hang. Calico also requires `applyOnForward: true`.',
    '',
    CONNTRACK_MATH,
    '',
    KERNEL_DEFAULTS,
    '',
    '[High-connection workloads](https://docs.tigera.io/calico/latest/network-policy/extreme-traffic/high-connection-workloads) · ' +
      '[Host endpoint policy summary](https://docs.tigera.io/calico/latest/reference/host-endpoints/summary)',
  ].join('\n'),
  preDNAT: [
    '**preDNAT** — pre-DNAT policy',
    '',
    "The rules of this policy run before destination NAT (for example kube-proxy's translation of a NodePort to a pod), so they see the " +
      'address and port the client actually used. Use it to restrict who may reach NodePorts or other DNATed services on a host endpoint.',
    '',
    'Pre-DNAT policy is ingress-only and connection-tracked (so replies are allowed automatically), cannot be combined with `doNotTrack`, ' +
      'and Calico requires `applyOnForward: true`.',
    '',
    '[Pre-DNAT policy](https://docs.tigera.io/calico/latest/reference/host-endpoints/pre-dnat)',
  ].join('\n'),
  applyOnForward: [
    '**applyOnForward** — also police forwarded traffic',
    '',
    'When `false` (the default), host endpoint policy only applies to traffic to and from the host itself. When `true`, it also applies to traffic ' +
      'the host forwards: from a host endpoint to a local workload, from a local workload out through a host endpoint, and between host endpoints.',
    '',
    'Untracked (`doNotTrack`) and pre-DNAT policies must set it to `true`, because they act on all traffic through the interface; Calico rejects them otherwise.',
    '',
    '[Forwarded traffic](https://docs.tigera.io/calico/latest/reference/host-endpoints/forwarded)',
  ].join('\n'),
};
