/**
 * `enterprise-kind`: in the open-source edition, a resource of a kind that only Calico
 * Enterprise / Calico Cloud has (GlobalAlert, PacketCapture, EgressGatewayPolicy, the WAF kinds
 * of applicationlayer.projectcalico.org, …). Open-source Calico has no such kind, but the
 * document is most likely written for an Enterprise cluster, so this is a note that says how to
 * have it validated, not an error; the tool never changes edition on its own.
 *
 * Invariants: reported at most once per YAML document (the analysis keeps the first, see
 * `analysis/segment.ts`), on the `kind` value; never reported in the Enterprise edition, where
 * these kinds are validated like any other.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'enterprise-kind',
  severity: 'information',
  origin: 'advice',
  summary: 'A Calico Enterprise/Cloud kind in the open-source edition: not validated unless the edition is set to enterprise.',
  editions: ['oss'],
};

/** How to turn Enterprise validation on, in the editor and in the CLI (shared by edition hints). */
export const ENABLE_ENTERPRISE = "set 'calico.edition' to 'enterprise' (CLI: '--edition enterprise' or \"edition\": \"enterprise\" in the config file)";

export function enterpriseKindMessage(kind: string, apiVersion: string): string {
  return `${kind} is a Calico Enterprise/Cloud kind (${apiVersion}); it is not checked in the open-source edition. To validate it, ${ENABLE_ENTERPRISE}.`;
}
