/**
 * The selector a GlobalNetworkPolicy is enforced with. Calico folds `namespaceSelector` and
 * `serviceAccountSelector` into the policy's selector before Felix sees it
 * (libcalico-go/lib/backend/syncersv1/updateprocessors/globalnetworkpolicyprocessor.go, with
 * `prefixAndAppendSelector` in selectors.go): each is rewritten with its labels prefixed
 * (`pcns.` for namespace labels, `pcsa.` for service-account labels), and-ed onto the selector
 * written as `(selector) && prefixed`, and then every `all()` in the text so far is replaced by
 * `has(projectcalico.org/namespace)` (respectively `has(projectcalico.org/serviceaccount)`).
 *
 * Host endpoints carry neither prefixed labels nor those two, so a global policy with a namespace
 * or service-account selector usually selects no host endpoint at all, even with `selector: all()`
 * (a "default deny for every namespace" policy leaves hosts alone). Matching host endpoints with
 * the folded selector gives exactly Calico's answer, including odd cases such as a negated
 * namespace selector, which host endpoints do satisfy.
 *
 * Invariant: pure; the result is undefined when a part does not parse (validation reports it).
 */
import { formatSelector, parseSelector, prefixLabels } from '../selector';

const NAMESPACE_PREFIX = 'pcns.';
const SERVICE_ACCOUNT_PREFIX = 'pcsa.';

function append(current: string, extra: string, prefix: string): string | undefined {
  if (extra === '') return current;
  const parsed = parseSelector(extra);
  // Calico leaves the selector as it was when the extra part does not parse; such a policy is
  // refused by validation anyway, and we report nothing from a selector we cannot read.
  if (!parsed.ok) return undefined;
  const prefixed = formatSelector(prefixLabels(parsed.selector.root, prefix));
  return current !== '' ? `(${current}) && ${prefixed}` : prefixed;
}

/** The selector text Felix enforces for a global policy with these three fields. */
export function enforcedGlobalSelector(selector: string, namespaceSelector: string, serviceAccountSelector: string): string | undefined {
  let text: string | undefined = selector;
  if (namespaceSelector !== '') {
    text = append(text, namespaceSelector, NAMESPACE_PREFIX);
    if (text === undefined) return undefined;
    text = text.split('all()').join('has(projectcalico.org/namespace)');
  }
  if (serviceAccountSelector !== '') {
    text = append(text, serviceAccountSelector, SERVICE_ACCOUNT_PREFIX);
    if (text === undefined) return undefined;
    text = text.split('all()').join('has(projectcalico.org/serviceaccount)');
  }
  return text;
}
