/**
 * The registry half of a copy: registered models, their versions (the source pointing at the
 * copied run's artifacts, run_id remapped), stages, aliases, tags and descriptions.
 *
 * Identity: a model is its name on both sides. A version's number may differ (the target numbers
 * versions as they are made there), so the ledger maps "name/version" to the copy's number, and
 * each copied version carries SOURCE_VERSION_TAG from its first request, so a lost ledger or a
 * lost answer is found again by a search. The rest (stage, aliases, tags, descriptions) is
 * reconciled against the target's current state on every copy: only differences are sent.
 *
 * Only versions whose run was copied (or that name no run) are copied: a version whose run stayed
 * behind would point at files the target does not have. It is reported in the notes.
 */
import type { RegistryStore } from '$lib/registry/store';
import type { ModelVersion, RegisteredModel } from '$lib/registry/entities';
import type { TrackingStore } from '$lib/tracking/store';
import { isMlflowError } from '$lib/tracking/errors';
import { LEDGER_FORMAT, type Ledger } from './ledger';
import type { CopyReport } from './types';

/** The tag on a copied model version that names the version it was copied from ("<store>|name/3"). */
export const SOURCE_VERSION_TAG = 'tracklab.source_version';

/** A version's tags without the copy's own (a pulled version carries its origin's). */
const ownTags = (version: ModelVersion) => version.tags.filter((t) => t.key !== SOURCE_VERSION_TAG);

export interface RegistryCopyContext {
  from: { tracking: TrackingStore; registry: RegistryStore };
  to: { tracking: TrackingStore; registry: RegistryStore };
  target: string;
  ledger: Ledger;
  /** A name for the source store, its own: this browser's install id, or a server's URL. */
  sourceStore: string;
  /** Source run id → its copy's id (every run this copy and earlier ones copied). */
  runCopy: (sourceRunId: string) => Promise<string | undefined>;
  report: CopyReport;
  call<T>(fn: () => Promise<T>): Promise<T>;
  check(): void;
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

async function allPages<T>(
  read: (pageToken?: string) => Promise<{ items: T[]; next_page_token?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    out.push(...page.items);
    token = page.next_page_token || undefined;
  } while (token);
  return out;
}

/** Copies every registered model with a version whose run was copied; counts in the report. */
export async function copyRegistry(c: RegistryCopyContext): Promise<void> {
  const models = await allPages((pageToken) =>
    c.call(() => c.from.registry.searchRegisteredModels({ maxResults: 1000, pageToken })),
  );
  for (const model of models) {
    c.check();
    const versions = await allPages((pageToken) =>
      c.call(() =>
        c.from.registry.searchModelVersions({
          filterString: `name = ${quote(model.name)}`,
          orderBy: ['version_number ASC'],
          pageToken,
        }),
      ),
    );
    const copied: { version: ModelVersion; runCopy?: string }[] = [];
    for (const version of versions) {
      const runCopy = version.run_id ? await c.runCopy(version.run_id) : undefined;
      if (version.run_id && !runCopy) {
        c.report.notes.push(
          `Version ${version.version} of model "${model.name}" is not copied: its run (${version.run_id}) was not.`,
        );
        continue;
      }
      copied.push({ version, runCopy });
    }
    if (!copied.length) continue;
    try {
      await copyModel(c, model, copied);
      c.report.models.push(model.name);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      c.report.failed.push({
        kind: 'model',
        sourceId: model.name,
        name: model.name,
        reason: e instanceof Error ? e.message : String(e),
      });
    }
  }
}

async function copyModel(
  c: RegistryCopyContext,
  model: RegisteredModel,
  versions: { version: ModelVersion; runCopy?: string }[],
): Promise<void> {
  const to = c.to.registry;
  let there = await c
    .call(() => to.getRegisteredModel(model.name))
    .catch((e) => {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
      throw e;
    });
  if (!there) {
    there = await c
      .call(() => to.createRegisteredModel(model.name, model.tags, model.description || undefined))
      .catch(async (e) => {
        if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
        return c.call(() => to.getRegisteredModel(model.name));
      });
  }
  if ((there.description ?? '') !== (model.description ?? ''))
    await c.call(() => to.updateRegisteredModel(model.name, model.description));
  const modelTags = new Map(there.tags.map((t) => [t.key, t.value]));
  for (const tag of model.tags)
    if (modelTags.get(tag.key) !== tag.value)
      await c.call(() => to.setRegisteredModelTag(model.name, tag));

  // Versions, in order, so a model copied whole keeps its numbers on an empty target.
  const numbers = new Map<string, string>();
  for (const { version, runCopy } of versions) {
    c.check();
    const copy = await copyVersion(c, version, runCopy);
    numbers.set(version.version, copy.version);
    if (copy.current_stage !== version.current_stage)
      await c.call(() =>
        to.transitionModelVersionStage(model.name, copy.version, version.current_stage, false),
      );
    if ((copy.description ?? '') !== (version.description ?? ''))
      await c.call(() => to.updateModelVersion(model.name, copy.version, version.description));
    const tags = new Map(copy.tags.map((t) => [t.key, t.value]));
    for (const tag of ownTags(version))
      if (tags.get(tag.key) !== tag.value)
        await c.call(() => to.setModelVersionTag(model.name, copy.version, tag));
  }

  // Aliases: moved or set where they differ; an alias the source no longer has is kept only if
  // this copy did not set it (the ledger says which it set).
  const entry = await c.ledger.get(c.target, 'model', model.name);
  const setBefore = new Set((entry?.aliases as string[] | undefined) ?? []);
  const current = new Map(
    (await c.call(() => to.getRegisteredModel(model.name))).aliases.map((a) => [
      a.alias,
      a.version,
    ]),
  );
  const wanted = new Map<string, string>();
  for (const { alias, version } of model.aliases) {
    const mapped = numbers.get(version);
    if (mapped) wanted.set(alias, mapped);
  }
  for (const [alias, version] of wanted)
    if (current.get(alias) !== version)
      await c.call(() => to.setRegisteredModelAlias(model.name, alias, version));
  for (const alias of setBefore)
    if (!wanted.has(alias) && current.has(alias))
      await c.call(() => to.deleteRegisteredModelAlias(model.name, alias));
  await c.ledger.put({
    format: LEDGER_FORMAT,
    target: c.target,
    kind: 'model',
    source_id: model.name,
    copy_id: model.name,
    aliases: [...wanted.keys()],
    updated: Date.now(),
  });
}

/** The copy of one version: from the ledger, found by its tag, or made. */
async function copyVersion(
  c: RegistryCopyContext,
  version: ModelVersion,
  runCopy: string | undefined,
): Promise<ModelVersion> {
  const to = c.to.registry;
  const key = `${version.name}/${version.version}`;
  // The tag names the source store too: two browsers pushing "iris/1" are two versions.
  const tagValue = `${c.sourceStore}|${key}`;
  const entry = await c.ledger.get(c.target, 'version', key);
  if (entry) {
    const found = await c
      .call(() => to.getModelVersion(version.name, entry.copy_id))
      .catch((e) => {
        if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
        throw e;
      });
    if (found) return found;
  }
  const byTag = async () =>
    (
      await c.call(() =>
        to.searchModelVersions({
          filterString: `name = ${quote(version.name)} and tags.\`${SOURCE_VERSION_TAG}\` = ${quote(tagValue)}`,
        }),
      )
    ).items[0];
  // A version that is itself a copy (pulled, say) of one on the target is that one: the
  // target's version of the same model and run.
  const mirrored = async () =>
    version.tags.some((t) => t.key === SOURCE_VERSION_TAG) && runCopy
      ? (
          await c.call(() =>
            to.searchModelVersions({
              filterString: `name = ${quote(version.name)} and run_id = ${quote(runCopy)}`,
              orderBy: ['version_number ASC'],
            }),
          )
        ).items[0]
      : undefined;
  let copy = (await byTag()) ?? (await mirrored());
  if (!copy) {
    const source = await copySource(c, version, runCopy);
    copy = await c
      .call(() =>
        to.createModelVersion({
          name: version.name,
          source,
          runId: runCopy,
          tags: [...ownTags(version), { key: SOURCE_VERSION_TAG, value: tagValue }],
          description: version.description || undefined,
        }),
      )
      .catch(async (e) => {
        // A create whose answer was lost (and retried) may have made it already.
        const made = await byTag();
        if (made) return made;
        throw e;
      });
    // A retried create may have made two: the lowest is kept, as the one the ledger names.
    const twins = (
      await c.call(() =>
        to.searchModelVersions({
          filterString: `name = ${quote(version.name)} and tags.\`${SOURCE_VERSION_TAG}\` = ${quote(tagValue)}`,
          orderBy: ['version_number ASC'],
        }),
      )
    ).items;
    for (const twin of twins.slice(1))
      await c.call(() => to.deleteModelVersion(version.name, twin.version));
    if (twins[0]) copy = await c.call(() => to.getModelVersion(version.name, twins[0].version));
  }
  await c.ledger.put({
    format: LEDGER_FORMAT,
    target: c.target,
    kind: 'version',
    source_id: key,
    copy_id: copy.version,
    updated: Date.now(),
  });
  return copy;
}

/** The version's source on the target: the same path under the copied run's artifact root. */
async function copySource(
  c: RegistryCopyContext,
  version: ModelVersion,
  runCopy: string | undefined,
): Promise<string> {
  if (!runCopy) return version.source;
  const run = await c.call(() => c.from.tracking.getRun(version.run_id));
  const copy = await c.call(() => c.to.tracking.getRun(runCopy));
  const root = run.info.artifact_uri.replace(/\/$/, '');
  if (version.source.startsWith(`${root}/`) || version.source === root)
    return `${copy.info.artifact_uri.replace(/\/$/, '')}${version.source.slice(root.length)}`;
  const runs = `runs:/${version.run_id}`;
  if (version.source.startsWith(`${runs}/`) || version.source === runs)
    return `runs:/${runCopy}${version.source.slice(runs.length)}`;
  return version.source;
}
