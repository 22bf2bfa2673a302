import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { App } from '$lib/app/create-app';
import { DexieRegistryStore } from '$lib/registry';
import { ModelPage } from './model-page.svelte';

let n = 0;

/**
 * A model page over a fresh registry. Vitest runs Svelte's server build, where effects do not
 * run, so the live view is the e2e suite's to check; the writes and their notices are checked here.
 */
async function open(versions: number) {
  const registry = new DexieRegistryStore({ name: `model-page-${Date.now()}-${++n}` });
  await registry.createRegisteredModel('m');
  for (let i = 0; i < versions; i++) {
    await registry.createModelVersion({ name: 'm', source: `s3://bucket/m/${i + 1}` });
  }
  const client = { getRun: () => Promise.reject(new Error('no run here')) };
  const app = { registry, client } as unknown as App;
  return { page: new ModelPage(app, () => 'm'), registry };
}

describe('ModelPage', () => {
  it('makes each change and says how it went', async () => {
    const { page, registry } = await open(2);

    expect(await page.transition('2', 'Production', true)).toBe(true);
    expect(page.notice).toEqual({
      ok: true,
      text: 'Version 2 moved to Production; the others there are archived.',
    });
    expect(await page.transition('1', 'Archived', true)).toBe(true);
    expect(page.notice?.text).toBe('Version 1 moved to Archived.');

    expect(await page.setAlias('champion', '2')).toBe(true);
    expect(page.notice?.text).toBe('@champion now points at version 2.');
    expect((await registry.getRegisteredModel('m')).aliases).toEqual([
      { alias: 'champion', version: '2' },
    ]);

    expect(await page.setTag('team', 'vision')).toBe(true);
    expect(await page.saveDescription('hello')).toBe(true);
    expect((await registry.getRegisteredModel('m')).tags).toEqual([
      { key: 'team', value: 'vision' },
    ]);
    expect(await page.removeTag('team')).toBe(true);
    expect(page.notice?.text).toBe('Tag team removed.');
  });

  it("gives the registry's message when a change is refused", async () => {
    const { page, registry } = await open(1);
    expect(await page.setAlias('latest', '1')).toBe(false);
    expect(page.notice?.ok).toBe(false);
    expect(page.notice?.text).toMatch(/'latest' alias name \(case insensitive\)/);
    expect(await page.deleteVersion('1')).toBe(true);
    expect(await page.deleteModel()).toBe(true);
    expect(page.notice).toEqual({ ok: true, text: 'Model deleted.' });
    await expect(registry.getRegisteredModel('m')).rejects.toThrow(/not found/);
  });
});
