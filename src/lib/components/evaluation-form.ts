/** What the evaluate forms (Run page panel, model page) share: the threshold rule, the headline. */
import { formatMetric } from './format';

/** A registered version as the model page's form needs it. */
export interface EvaluableVersion {
  version: string;
  /** The task its run trained for: binary models take a threshold. */
  task?: string;
}

/** What the model page's form asks to evaluate. */
export interface VersionEvaluation {
  version: EvaluableVersion;
  data: 'test' | 'validation' | 'file';
  file: File | undefined;
  /** Binary models only. */
  threshold: number | undefined;
  /** Binary models only: the positive class; undefined for the default (the greater label). */
  posLabel: string | undefined;
}

/** Why a binary model's threshold cannot be used, or null. 0 and 1 are allowed, as in scikit-learn. */
export function thresholdProblem(binary: boolean, threshold: number | null): string | null {
  // An emptied number field binds null, which `null >= 0` would let through.
  return binary && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)
    ? 'The threshold must lie between 0 and 1.'
    : null;
}

/** The positive class as typed, trimmed; undefined when left empty (the default). */
export function positiveLabel(typed: string): string | undefined {
  return typed.trim() || undefined;
}

const HEADLINE = [
  'accuracy_score',
  'f1_score',
  'roc_auc',
  'root_mean_squared_error',
  'r2_score',
  'mean_absolute_error',
];

/** A few metrics a person reads first, as "name value" strings. */
export function headlineMetrics(metrics: Record<string, number>): string[] {
  return HEADLINE.filter((k) => metrics[k] !== undefined).map(
    (k) => `${k} ${formatMetric(metrics[k])}`,
  );
}
