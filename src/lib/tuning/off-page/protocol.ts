/**
 * Messages between the page and the sampling worker (off-page.ts, host.ts). A study's sampler
 * lives in the worker once per session; each request brings the trials that changed since the
 * last one, so the worker's copy of the study follows the page's without sending it all again.
 */
import type { Distribution, ParamValue } from '../distributions';
import type { Direction, FrozenTrial } from '../types';

export interface SampleRequest {
  id: string;
  /** One per off-page sampler (a study): the worker keeps its sampler and trials under it. */
  session: string;
  /** The session's first request: the worker builds its sampler (any later one finds it there). */
  first: boolean;
  /** Rebuilds the sampler in the worker, as a saved study does (samplers/registry.ts). */
  sampler: { name: string; settings: Record<string, unknown> };
  studyName: string;
  direction: Direction;
  /** Trials new or changed since this session's last request. */
  changed: FrozenTrial[];
  /** The trials the sampler sees, by number (a pruner may narrow them: Hyperband's bracket). */
  view: number[];
  /** The trial to sample for (it is in `changed` or sent before). */
  trial: number;
  space: Record<string, Distribution>;
}

export type SampleReply =
  | {
      id: string;
      ok: true;
      params: Record<string, ParamValue>;
      /** The trial's system attributes after sampling (the sample itself, for parallel trials). */
      systemAttrs: Record<string, unknown>;
    }
  | { id: string; ok: false; message: string };
