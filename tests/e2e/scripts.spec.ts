// The Scripts panel as a person uses it: the shipped compare_runs example ranks, registers and
// promotes from code; a snippet reaches nothing but the API (no page, no storage, no network);
// a runaway loop stops; a saved snippet survives a reload.
import { expect, test } from '@playwright/test';
import { openApp } from './seed';

test('the compare_runs example promotes the best run from code; the sandbox holds', async ({
  page,
}) => {
  await openApp(page, '/#/');
  await page.evaluate(async () => {
    const { client } = window.tracklab!;
    const model = new TextEncoder().encode('flavors: {}\n');
    const exp = await client.createExperiment('script runs');
    for (const [name, acc, withModel] of [
      ['low', 0.7, true],
      ['best without a model', 0.99, false],
      ['high', 0.9, true],
    ] as const) {
      const id = (await client.createRun(exp, { runName: name })).info.run_id;
      await client.logMetric(id, 'val_accuracy', acc);
      if (withModel) await client.logArtifact(id, 'model/MLmodel', model);
    }
  });
  await page.getByRole('link', { name: 'Scripts' }).click();
  await page
    .getByLabel('Open a snippet')
    .selectOption('Example: promote the best run (compare_runs.py)');
  await page.getByRole('button', { name: 'Run' }).click();
  const output = page.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('Registered best-model version 1 in Staging as @champion.');
  await expect(output).toContainText('3 runs with val_accuracy; the top 5:');
  await expect(output).toContainText('→');
  const version = await page.evaluate(() =>
    window.tracklab!.registry.getModelVersionByAlias('best-model', 'champion'),
  );
  const high = await page.evaluate(
    async () =>
      (
        await window.tracklab!.client.searchRuns({
          experimentIds: ['1'],
          filterString: "attributes.run_name = 'high'",
        })
      ).items[0].info.run_id,
  );
  expect(version).toMatchObject({ version: '1', current_stage: 'Staging', run_id: high });

  // Nothing but the API: no page, no storage, no network; a method outside it is refused.
  const code = page.getByLabel('Code');
  const run = async (snippet: string) => {
    await code.fill(snippet);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();
  };
  await run(
    [
      "print(typeof document, typeof indexedDB === 'undefined' ? 'no idb' : 'idb');",
      "try { indexedDB.open('tracklab'); print('opened'); } catch (e) { print('storage refused'); }",
      "try { await fetch('/'); print('fetched'); } catch (e) { print('network refused'); }",
      'return (await client.searchExperiments({})).items.length;',
    ].join('\n'),
  );
  await expect(output).toContainText('undefined');
  await expect(output).not.toContainText('opened');
  await expect(output).toContainText('network refused');
  await expect(output).not.toContainText('fetched');
  await expect(output).toContainText('→ 2');
  await run('await registry.close();');
  await expect(output).toContainText('registry.close is not part of the scripting API');
  await run("await registry.getRegisteredModel('nope');");
  await expect(output).toContainText('Error: Registered Model with name=nope not found');

  // A runaway loop: Stop ends it, and the next run works.
  await code.fill('while (true) {}');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('button', { name: 'Running…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(output).toContainText('Stopped.');
  await run("print('after', 1 + 1);");
  await expect(output).toContainText('after 2');

  // Saved by name, there after a reload.
  await page.getByLabel('Name').fill('two');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.reload();
  await page.getByLabel('Open a snippet').selectOption('two');
  await expect(code).toHaveValue("print('after', 1 + 1);");
  await page.screenshot({ path: 'test-results/e2e/scripts.png', fullPage: true });
});
