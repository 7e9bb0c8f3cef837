/**
 * `template-metadata`: labels and annotations in a KubeControllersConfiguration host endpoint
 * template that Calico's validator refuses. They are copied onto the HostEndpoints the controller
 * creates, so they must be valid Kubernetes metadata: label keys and annotation keys are qualified
 * names (`example.com/name`; annotation keys are checked in lower case), label values are at most
 * 63 characters of letters, digits, '-', '_' and '.', and all annotations together stay within
 * 256 KiB.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { labelValueProblems, qualifiedNameProblems, utf8Length } from '../../util/k8s-names';
import { at, keyAt, select, shown, str } from './walk';

const CODE = 'template-metadata';
const ANNOTATION_LIMIT = 256 * 1024;

function check(ctx: ResourceContext): void {
  for (const t of select(ctx.root, 'spec.controllers.node.hostEndpoint.templates[*]')) {
    for (const labels of select(t.node, 'labels')) {
      if (labels.node.kind !== 'map') continue;
      for (const p of labels.node.pairs) {
        if (p.keyText === null) continue;
        const keyWhy = qualifiedNameProblems(p.keyText)[0];
        if (keyWhy) ctx.report(CODE, { ...keyAt(p), message: `${shown(p.keyText)} is not a valid label key: it ${keyWhy}.`, data: { field: `${t.path}.labels`, key: p.keyText } });
        const value = str(p.value);
        const valueWhy = value === undefined ? undefined : labelValueProblems(value)[0];
        if (valueWhy && p.value) ctx.report(CODE, { ...at(p.value), message: `${shown(value!)} is not a valid label value: it ${valueWhy}.`, data: { field: `${t.path}.labels`, key: p.keyText } });
      }
    }
    for (const ann of select(t.node, 'annotations')) {
      if (ann.node.kind !== 'map') continue;
      let total = 0;
      for (const p of ann.node.pairs) {
        if (p.keyText === null) continue;
        const why = qualifiedNameProblems(p.keyText.toLowerCase())[0];
        if (why) ctx.report(CODE, { ...keyAt(p), message: `${shown(p.keyText)} is not a valid annotation key: it ${why}.`, data: { field: `${t.path}.annotations`, key: p.keyText } });
        total += utf8Length(p.keyText) + utf8Length(str(p.value) ?? '');
      }
      if (total > ANNOTATION_LIMIT && ann.pair) {
        ctx.report(CODE, { ...keyAt(ann.pair), message: `These annotations total ${total} bytes; Calico allows at most ${ANNOTATION_LIMIT}.`, data: { field: `${t.path}.annotations`, total } });
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'An invalid label or annotation in a kube-controllers host endpoint template.',
  kinds: ['KubeControllersConfiguration'],
  check,
};
