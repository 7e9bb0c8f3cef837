/**
 * The checks of kinds that only Calico Enterprise / Calico Cloud has, from their CRDs' CEL rules.
 * They run only in the Enterprise edition (in the open-source edition these kinds get the
 * `enterprise-kind` note and no further check). Each rule owns one code.
 */
import type { ResourceRule } from '../types';
import { rule as globalalertFields } from './globalalert-fields';
import { rule as invalidTimeRange } from './invalid-time-range';
import { rule as threatfeedFields } from './threatfeed-fields';
import { rule as wafFields } from './waf-fields';
import { rule as networkFields } from './network-fields';
import { rule as uisettingsFields } from './uisettings-fields';

export const ENTERPRISE_RULES: readonly ResourceRule[] = [globalalertFields, invalidTimeRange, threatfeedFields, wafFields, networkFields, uisettingsFields];
