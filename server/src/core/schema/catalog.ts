/**
 * The JSON Schemas of every `projectcalico.org/v3` kind we validate, generated from Calico's CRDs
 * by `scripts/gen-schemas.mjs` and committed under `schemas/`. They are bundled into the server and
 * CLI at build time, so nothing is read from disk or fetched at run time.
 */
import kindsJson from '../../../../schemas/kinds.json';
import bgpconfiguration from '../../../../schemas/bgpconfiguration.json';
import bgpfilter from '../../../../schemas/bgpfilter.json';
import bgppeer from '../../../../schemas/bgppeer.json';
import blockaffinity from '../../../../schemas/blockaffinity.json';
import caliconodestatus from '../../../../schemas/caliconodestatus.json';
import clusterinformation from '../../../../schemas/clusterinformation.json';
import felixconfiguration from '../../../../schemas/felixconfiguration.json';
import globalnetworkpolicy from '../../../../schemas/globalnetworkpolicy.json';
import globalnetworkset from '../../../../schemas/globalnetworkset.json';
import hostendpoint from '../../../../schemas/hostendpoint.json';
import ipamblock from '../../../../schemas/ipamblock.json';
import ipamconfiguration from '../../../../schemas/ipamconfiguration.json';
import ipamhandle from '../../../../schemas/ipamhandle.json';
import ippool from '../../../../schemas/ippool.json';
import ipreservation from '../../../../schemas/ipreservation.json';
import kubecontrollersconfiguration from '../../../../schemas/kubecontrollersconfiguration.json';
import networkpolicy from '../../../../schemas/networkpolicy.json';
import networkset from '../../../../schemas/networkset.json';
import stagedglobalnetworkpolicy from '../../../../schemas/stagedglobalnetworkpolicy.json';
import stagedkubernetesnetworkpolicy from '../../../../schemas/stagedkubernetesnetworkpolicy.json';
import stagednetworkpolicy from '../../../../schemas/stagednetworkpolicy.json';
import tier from '../../../../schemas/tier.json';

export interface KindInfo {
  kind: string;
  plural: string;
  scope: 'Cluster' | 'Namespaced';
  file: string;
  shortNames?: string[];
}

const BY_FILE: Record<string, object> = {
  'bgpconfiguration.json': bgpconfiguration,
  'bgpfilter.json': bgpfilter,
  'bgppeer.json': bgppeer,
  'blockaffinity.json': blockaffinity,
  'caliconodestatus.json': caliconodestatus,
  'clusterinformation.json': clusterinformation,
  'felixconfiguration.json': felixconfiguration,
  'globalnetworkpolicy.json': globalnetworkpolicy,
  'globalnetworkset.json': globalnetworkset,
  'hostendpoint.json': hostendpoint,
  'ipamblock.json': ipamblock,
  'ipamconfiguration.json': ipamconfiguration,
  'ipamhandle.json': ipamhandle,
  'ippool.json': ippool,
  'ipreservation.json': ipreservation,
  'kubecontrollersconfiguration.json': kubecontrollersconfiguration,
  'networkpolicy.json': networkpolicy,
  'networkset.json': networkset,
  'stagedglobalnetworkpolicy.json': stagedglobalnetworkpolicy,
  'stagedkubernetesnetworkpolicy.json': stagedkubernetesnetworkpolicy,
  'stagednetworkpolicy.json': stagednetworkpolicy,
  'tier.json': tier,
};

export const KINDS: readonly KindInfo[] = kindsJson as KindInfo[];

const INFO = new Map(KINDS.map((k) => [k.kind, k]));

/** Metadata about a kind, if it is one we validate. */
export function kindInfo(kind: string): KindInfo | undefined {
  return INFO.get(kind);
}

/** The JSON Schema of a kind, if it is one we validate. */
export function schemaFor(kind: string): object | undefined {
  const info = INFO.get(kind);
  return info ? BY_FILE[info.file] : undefined;
}
