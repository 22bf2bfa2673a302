/**
 * The sampling worker's side (worker.ts), pure so tests run it in Node: per session, the sampler
 * rebuilt from its name and settings and a copy of the study's trials, updated by each request.
 * The sampler keeps its own state between requests (its random stream, a GP's fitted kernel), so
 * it draws exactly what it would have drawn on the page.
 */
import { createSampler } from '../samplers/registry';
import type { FrozenTrial, Sampler, StudyView, TrialState } from '../types';
import type { SampleReply, SampleRequest } from './protocol';

interface Session {
  sampler: Sampler;
  trials: Map<number, FrozenTrial>;
  used: number;
}

/** Sessions kept at once: a tab runs one study at a time, a few from the console at most. */
const MAX_SESSIONS = 16;

export class SamplerHost {
  private readonly sessions = new Map<string, Session>();
  private clock = 0;

  handle(request: SampleRequest): SampleReply {
    const { id } = request;
    try {
      const session = this.session(request);
      for (const t of request.changed) session.trials.set(t.number, t);
      const trial = session.trials.get(request.trial);
      if (!trial) throw new Error(`Trial ${request.trial} was never sent to the sampling worker.`);
      const shown = request.view
        .map((n) => session.trials.get(n))
        .filter((t): t is FrozenTrial => t !== undefined);
      const view: StudyView = {
        studyName: request.studyName,
        direction: request.direction,
        getTrials: (states?: readonly TrialState[]) =>
          states ? shown.filter((t) => states.includes(t.state)) : shown,
      };
      const params = session.sampler.sampleRelative(view, trial, request.space);
      return { id, ok: true, params, systemAttrs: trial.systemAttrs };
    } catch (e) {
      return { id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** How many studies the worker holds now. */
  get size(): number {
    return this.sessions.size;
  }

  private session(request: SampleRequest): Session {
    let s = this.sessions.get(request.session);
    if (!s) {
      // A fresh sampler would restart its random stream and know no trials: say so, and the
      // page samples on its own from then on.
      if (!request.first) throw new Error('The sampling worker no longer holds this study.');
      if (this.sessions.size >= MAX_SESSIONS) {
        // The least recently used goes; its page side starts a new session if it comes back.
        const [oldest] = [...this.sessions].sort((a, b) => a[1].used - b[1].used)[0];
        this.sessions.delete(oldest);
      }
      s = {
        sampler: createSampler(request.sampler.name, request.sampler.settings),
        trials: new Map(),
        used: 0,
      };
      this.sessions.set(request.session, s);
    }
    s.used = ++this.clock;
    return s;
  }
}
