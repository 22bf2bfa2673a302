/**
 * A training run's curves as PNG artifacts: loss, and accuracy or validation error, one point per
 * epoch. Drawn by the caller's renderer (the training worker in the browser, none in Node).
 */
import type { LinePlot } from '$lib/charts/line-plot';
import type { Task } from '$lib/data/columns';
import type { ActiveRun } from '$lib/tracking';
import type { EpochReport } from '$lib/training/trainer';

export type PlotRenderer = (plot: LinePlot) => Promise<Uint8Array>;

function curves(history: EpochReport[], keys: string[]): LinePlot['series'] {
  return keys
    .filter((k) => history.some((h) => h.metrics[k] !== undefined))
    .map((k) => ({
      name: k,
      x: history.map((h) => h.epoch),
      y: history.map((h) => h.metrics[k] ?? NaN),
    }));
}

/** The plots of a run's history, with the artifact file each is logged as. */
export function trainingPlots(
  history: EpochReport[],
  task: Task,
): { file: string; plot: LinePlot }[] {
  const plots = [
    {
      file: 'plots/loss.png',
      plot: { title: 'Loss', xLabel: 'epoch', series: curves(history, ['loss', 'val_loss']) },
    },
  ];
  const regression = task === 'regression';
  const series = curves(
    history,
    regression ? ['val_mae', 'val_rmse'] : ['accuracy', 'val_accuracy', 'val_auc'],
  );
  if (series.length)
    plots.push({
      file: `plots/${regression ? 'errors' : 'accuracy'}.png`,
      plot: { title: regression ? 'Validation error' : 'Accuracy', xLabel: 'epoch', series },
    });
  return plots;
}

/** Draws and logs the run's plots, one after another (each PNG is drawn in the worker). */
export async function logTrainingPlots(
  run: ActiveRun,
  history: EpochReport[],
  task: Task,
  render: PlotRenderer | undefined,
): Promise<void> {
  if (!render || !history.length) return;
  for (const { file, plot } of trainingPlots(history, task)) {
    await run.logArtifact(file, await render(plot));
  }
}
