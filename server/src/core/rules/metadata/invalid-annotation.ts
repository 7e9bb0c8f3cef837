/**
 * `invalid-annotation`: an annotation key that is not a qualified name (checked after lower-casing,
 * so upper case is fine), or annotations whose keys and values together exceed 256 KiB. Calico
 * applies the same rules to `metadata.annotations` and, on Calico policies, to each rule's
 * `metadata.annotations`.
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YMap } from '../../yaml/tree';
import { qualifiedNameProblems, utf8Length } from '../../util/k8s-names';
import { CALICO_POLICY_KINDS, mapField, nodeSpan, policyRules } from '../../model/rule-fields';

/** Kubernetes' limit on the total size of an object's annotations, in bytes. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

function checkAnnotations(ctx: ResourceContext, annotations: YMap, where: string): void {
  let total = 0;
  for (const pair of annotations.pairs) {
    if (pair.keyText === null) continue;
    const key = pair.keyText;
    const problems = qualifiedNameProblems(key.toLowerCase());
    if (problems.length > 0) {
      ctx.report('invalid-annotation', { ...nodeSpan(pair.key), message: `The annotation key '${key}' ${problems[0]}.`, data: { key, path: where } });
    }
    const v = pair.value;
    const text = v && v.kind === 'scalar' && v.type !== 'null' ? v.text : '';
    total += utf8Length(key) + utf8Length(text);
  }
  if (total > ANNOTATIONS_SIZE_LIMIT) {
    const owner = annotations.pairs[0]?.key ?? annotations;
    ctx.report('invalid-annotation', {
      start: owner.start,
      end: owner.end,
      message: `The annotations in '${where}' take ${total} bytes; keys and values together may take at most ${ANNOTATIONS_SIZE_LIMIT} bytes (256 KiB).`,
      data: { path: where, size: total, limit: ANNOTATIONS_SIZE_LIMIT },
    });
  }
}

export const rule: ResourceRule = {
  code: 'invalid-annotation',
  severity: 'error',
  origin: 'validator',
  summary: 'An annotation key Calico does not accept, or annotations larger than 256 KiB.',
  check(ctx) {
    const annotations = mapField(mapField(ctx.root, 'metadata'), 'annotations');
    if (annotations) checkAnnotations(ctx, annotations, 'metadata.annotations');
    if (!CALICO_POLICY_KINDS.includes(ctx.kind)) return;
    for (const r of policyRules(ctx.root)) {
      const ruleAnnotations = mapField(mapField(r.node, 'metadata'), 'annotations');
      if (ruleAnnotations) checkAnnotations(ctx, ruleAnnotations, `${r.path}.metadata.annotations`);
    }
  },
};
