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
}

/** Why a binary model's threshold cannot be used, or null. */
export function thresholdProblem(binary: boolean, threshold: number): string | null {
  return binary && !(threshold > 0 && threshold < 1)
    ? 'The threshold must lie between 0 and 1 (exclusive).'
    : null;
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
