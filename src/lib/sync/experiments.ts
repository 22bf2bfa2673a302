/**
 * A source experiment's copy on the target: the ledger's (checked once a copy: a target wiped or
 * restored since must not be trusted), else the target's experiment of the same name, else a new
 * one with the source's tags. A same-named experiment deleted on the target is refused with what
 * to do, never silently restored.
 */
import type { Experiment } from '$lib/tracking/entities';
import { isMlflowError } from '$lib/tracking/errors';
import { LEDGER_FORMAT } from './ledger';
import type { CopyContext } from './types';

export async function findOrCreateExperiment(c: CopyContext, sourceId: string): Promise<string> {
  const source: Experiment = await c.call(() => c.from.getExperiment(sourceId));
  const entry = await c.ledger.get(c.target, 'experiment', sourceId);
  if (entry) {
    // Checked once a copy: a target wiped or restored since (the same URL, a new database)
    // must not be trusted to hold what the ledger says was sent.
    const there = await c
      .call(() => c.to.getExperiment(entry.copy_id))
      .catch((e) => {
        if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
        throw e;
      });
    if (there && there.name === source.name && there.lifecycle_stage === 'active')
      return entry.copy_id;
    await c.ledger.delete(c.target, 'experiment', sourceId);
    c.report.notes.push(
      `The experiment "${source.name}" is no longer on ${c.target} as it was copied; it is found or made again, and its runs copied whole.`,
    );
  }
  let found = await c.call(() => c.to.getExperimentByName(source.name));
  if (!found) {
    try {
      const id = await c.call(() => c.to.createExperiment(source.name, undefined, source.tags));
      c.report.experiments.created++;
      await remember(c, sourceId, id);
      return id;
    } catch (e) {
      // Made by another copy (or by this one, its answer lost) between the lookup and the create.
      if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
      found = await c.call(() => c.to.getExperimentByName(source.name));
      if (!found) throw e;
    }
  }
  if (found.lifecycle_stage === 'deleted') {
    throw new Error(
      `The experiment "${source.name}" was deleted on ${c.target}; restore it there (or rename this one) and copy again.`,
    );
  }
  c.report.experiments.found++;
  const there = new Map(found.tags.map((t) => [t.key, t.value]));
  for (const tag of source.tags)
    if (there.get(tag.key) !== tag.value)
      await c.call(() => c.to.setExperimentTag(found.experiment_id, tag));
  await remember(c, sourceId, found.experiment_id);
  return found.experiment_id;
}

async function remember(c: CopyContext, sourceId: string, copyId: string) {
  await c.ledger.put({
    format: LEDGER_FORMAT,
    target: c.target,
    kind: 'experiment',
    source_id: sourceId,
    copy_id: copyId,
    updated: Date.now(),
  });
}
