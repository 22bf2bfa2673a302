// Evaluation benchmark (npm run bench:evaluate; also part of npm run bench): every metric of a
// million binary predictions (AUC included) in a worker in headless Chromium, against
// scikit-learn on the same rows in the same run, and the whole Evaluate use case on them through
// the app's evaluation worker. Writes bench/results/evaluate-latest.json and the Evaluation
// section of docs/benchmarks.md.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../scripts/serve.js';
import {
  buildViteHarness,
  elapsedLog,
  markers,
  openHarnessPage,
  writeDocSection,
} from './harness.js';
import { runPython } from './mlflow.js';
import { seeded } from './train-data.js';

const CONFIG = { rows: 1_000_000, positiveRate: 0.3, seed: 11, reps: 5, goalMs: 1000 };
const log = elapsedLog();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const f = (x, d = 0) =>
  Number(x).toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });

/**
 * Labels (30% positive) and scores from a noisy logistic model, rounded to 4 decimals so many
 * scores tie, as a real model's do. Writes them as float64 (labels, then scores) and as the
 * predictions CSV a training run logs.
 */
async function writeData(dir) {
  const random = seeded(CONFIG.seed);
  const n = CONFIG.rows;
  const raw = new Float64Array(2 * n);
  const csv = createWriteStream(join(dir, 'predictions.csv'));
  csv.write('row,label,prediction,proba_0,proba_1\n');
  let lines = [];
  for (let i = 0; i < n; i++) {
    const y = random() < CONFIG.positiveRate ? 1 : 0;
    const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const p = Math.round(1e4 / (1 + Math.exp(-((y ? 1.2 : -1.2) + 1.3 * noise)))) / 1e4;
    raw[i] = y;
    raw[n + i] = p;
    lines.push(`${i},${y},${p >= 0.5 ? 1 : 0},${+(1 - p).toFixed(4)},${p}`);
    if (lines.length === 10_000) {
      if (!csv.write(lines.join('\n') + '\n')) await once(csv, 'drain');
      lines = [];
    }
  }
  csv.end(lines.length ? lines.join('\n') + '\n' : '');
  await once(csv, 'finish');
  await writeFile(join(dir, 'predictions.bin'), new Uint8Array(raw.buffer));
}

function render(r) {
  const [start, end] = markers('evaluation');
  const tl = median(r.page.allMs);
  const sk = median(r.sklearn.allMs);
  const tlAuc = median(r.page.aucMs);
  const skAuc = median(r.sklearn.aucMs);
  const pass = tl <= CONFIG.goalMs;
  const rows = [
    ['Target', 'Measured', 'Goal', 'Result'],
    [
      `Every metric of ${f(r.rows)} binary predictions in a worker (evaluateClassifier, AUC included; median of ${CONFIG.reps})`,
      `${f(tl)} ms (runs ${r.page.allMs.map((x) => f(x)).join(', ')})`,
      `≤ ${f(CONFIG.goalMs)} ms`,
      pass ? 'pass' : 'fail',
    ],
    [
      'The same metrics by scikit-learn on the same rows (median)',
      `${f(sk)} ms: Tracklab's time ÷ scikit-learn's = ${f(tl / sk, 2)}`,
      'none (reported)',
      'info',
    ],
    [
      'ROC AUC alone: Tracklab (worker) vs scikit-learn roc_auc_score (medians)',
      `${f(tlAuc)} ms vs ${f(skAuc)} ms: time ratio ${f(tlAuc / skAuc, 2)}`,
      'none (reported)',
      'info',
    ],
    [
      'Longest page timer gap while the worker computes',
      `${f(r.page.gaps.timerMaxMs)} ms`,
      'none (reported)',
      'info',
    ],
    [
      'The whole Evaluate use case in the evaluation worker: read the 1M-row predictions CSV from IndexedDB, metrics, 4 plots (PNG + Plotly JSON), metrics.json, report, run',
      `${f(r.useCase.ms / 1000, 1)} s; longest page timer gap ${f(r.useCase.gaps.timerMaxMs)} ms`,
      'none (reported)',
      'info',
    ],
  ];
  const table = rows
    .map(
      (row, i) =>
        `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => ' --- ').join('|')}|` : ''}`,
    )
    .join('\n');
  const worst = Object.entries(r.agreement)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toExponential(1)}`)
    .join(', ');
  return [
    start,
    '',
    '## Evaluation',
    '',
    `Run ${r.date} on ${r.machine.cpus} cores (${r.machine.cpuModel}), Chromium ${r.machine.chromium}, scikit-learn ${r.sklearn.sklearn} (numpy ${r.sklearn.numpy}); 1-minute load average ${r.machine.loadAverages.map((x) => f(x, 1)).join(' → ')}.`,
    '',
    `Data: ${f(r.rows)} labels (${f(CONFIG.positiveRate * 100)}% positive, seed ${CONFIG.seed}) and scores from a noisy logistic model rounded to 4 decimals (many ties), the same float64 values on both sides. Tracklab's side runs \`evaluateClassifier\` (accuracy, balanced accuracy, precision, recall, F1, the confusion matrix, ROC AUC, average precision, log loss, Brier score) in a Web Worker; scikit-learn's computes the same set.`,
    '',
    table,
    '',
    `Both sides agree on every value; largest differences: ${worst}.`,
    '',
    '```sh',
    'npm run bench:evaluate',
    '```',
    '',
    end,
  ].join('\n');
}

async function main() {
  log('building bench/harness-eval…');
  const dir = await buildViteHarness('harness-eval');
  const load = [loadavg()[0]];
  let server;
  try {
    log(`writing ${f(CONFIG.rows)} predictions…`);
    await writeData(dir);
    log('scikit-learn…');
    const sklearn = await runPython([join(dir, 'predictions.bin'), String(CONFIG.reps)], {
      script: 'sklearn_eval.py',
    });
    log(
      `  all metrics ${f(median(sklearn.allMs))} ms, roc_auc_score ${f(median(sklearn.aucMs))} ms`,
    );
    load.push(loadavg()[0]);
    server = await serveStatic({ root: dir, port: 0 });
    let p = await openHarnessPage(server.url, 'benchEval');
    const version = p.version;
    log('Tracklab, in a worker…');
    const page = await p.call('metrics', {
      url: `${server.url}/predictions.bin`,
      reps: CONFIG.reps,
    });
    await p.close();
    log(`  all metrics ${f(median(page.allMs))} ms, ROC AUC ${f(median(page.aucMs))} ms`);
    load.push(loadavg()[0]);
    log('the Evaluate use case on the same rows…');
    p = await openHarnessPage(server.url, 'benchEval');
    const useCase = await p.call('useCase', { url: `${server.url}/predictions.csv` });
    await p.close();
    log(`  ${f(useCase.ms / 1000, 1)} s`);
    load.push(loadavg()[0]);
    const agreement = {};
    for (const [k, v] of Object.entries(sklearn.values)) {
      if (k === 'confusion_matrix') continue;
      agreement[k] = Math.abs(v - page.metrics[k]);
    }
    const cm = sklearn.values.confusion_matrix;
    const same =
      cm[0][0] === page.metrics.true_negatives &&
      cm[0][1] === page.metrics.false_positives &&
      cm[1][0] === page.metrics.false_negatives &&
      cm[1][1] === page.metrics.true_positives;
    const disagree = Object.entries(agreement).filter(([, d]) => !(d <= 1e-9));
    if (!same || disagree.length)
      throw new Error(
        `Tracklab and scikit-learn disagree: ${same ? '' : 'confusion matrix; '}${disagree.map(([k, d]) => `${k} by ${d}`).join(', ')}`,
      );
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        chromium: version,
        loadAverages: load,
      },
      rows: CONFIG.rows,
      page,
      sklearn,
      useCase,
      agreement,
    };
    await mkdir(new URL('results/', import.meta.url), { recursive: true });
    await writeFile(
      new URL('results/evaluate-latest.json', import.meta.url),
      JSON.stringify(results, null, 2),
    );
    await writeDocSection('evaluation', render(results));
    const tl = median(page.allMs);
    log(
      `${tl <= CONFIG.goalMs ? 'PASS' : 'FAIL'}  every metric of ${f(CONFIG.rows)} predictions in a worker: ${f(tl)} ms (target ≤ ${CONFIG.goalMs} ms)`,
    );
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `node bench/evaluate.js --report` rewrites the docs section from the last results. */
async function reportOnly() {
  const { readFile } = await import('node:fs/promises');
  const results = JSON.parse(
    await readFile(new URL('results/evaluate-latest.json', import.meta.url), 'utf8'),
  );
  await writeDocSection('evaluation', render(results));
}

(process.argv.includes('--report') ? reportOnly() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
