/**
 * Metadata rules, for every Calico kind: names, labels and annotations.
 */
import type { ResourceRule } from '../types';
import { rule as invalidName } from './invalid-name';
import { rule as invalidLabel } from './invalid-label';
import { rule as invalidAnnotation } from './invalid-annotation';

export const METADATA_RULES: readonly ResourceRule[] = [invalidName, invalidLabel, invalidAnnotation];
