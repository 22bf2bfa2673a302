import { describe, expect, it } from 'vitest';
import {
  confusionFigure,
  errorHistogramFigure,
  histogram,
  predictedActualFigure,
  prFigure,
  residualsFigure,
  rocFigure,
} from './evaluation';
import { toPlotlyJson } from './figure';

describe('evaluation figures', () => {
  it('title a single ROC curve with its AUC and label each one-vs-rest curve', () => {
    const one = rocFigure([{ name: 'model', fpr: [0, 1], tpr: [0, 1], auc: 0.5 }]);
    expect(one.title).toBe('ROC curve (AUC 0.500)');
    expect(one.traces.map((t) => t.name)).toEqual(['chance', 'model']);
    const many = rocFigure([
      { name: 'setosa', fpr: [0, 1], tpr: [0, 1], auc: 1 },
      { name: 'virginica', fpr: [0, 1], tpr: [0, 1], auc: NaN },
    ]);
    expect(many.traces.map((t) => t.name)).toEqual([
      'chance',
      'setosa (AUC 1.000)',
      'virginica (AUC undefined)',
    ]);
  });

  it('draw the no-skill line of a PR curve at the positive rate', () => {
    const fig = prFigure([
      { name: 'model', recall: [1, 0], precision: [0.2, 1], ap: 0.6, prevalence: 0.2 },
    ]);
    expect(fig.traces[0]).toMatchObject({ name: 'no skill', y: [0.2, 0.2], dashed: true });
  });

  it('compute residuals as actual minus predicted', () => {
    const fig = residualsFigure([1, 2, 4], [1.5, 2, 3]);
    expect(Array.from(fig.traces[1].y)).toEqual([0.5, 0, -1]);
    expect(fig.traces[0]).toMatchObject({ x: [1, 4], y: [0, 0] });
    expect(predictedActualFigure([1, 2], [0, 5]).traces[0]).toMatchObject({ x: [0, 5], y: [0, 5] });
  });

  it('bin errors with Sturges’ rule and keep the largest value in the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, NaN]);
    expect(h.counts.length).toBe(5); // log2(8) + 1 = 4, at least 5
    expect(h.counts.reduce((a, b) => a + b)).toBe(8);
    expect(h.edges[0]).toBe(0);
    expect(h.edges.at(-1)).toBeCloseTo(7, 12);
    expect(histogram([2, 2]).edges).toEqual(
      [1.5, 1.7, 1.9, 2.1, 2.3, 2.5].map((e) => expect.closeTo(e, 12)),
    );
    expect(histogram([]).counts).toEqual([0]);
    const errors = errorHistogramFigure([0, 0, 0], [1, 1, 2]).traces[0];
    expect(errors.y.reduce((a, b) => a + b)).toBe(3);
  });

  it('escape class names that look like markup when they go to Plotly', () => {
    const fig = confusionFigure(
      ['<script>x</script>', 'b'],
      [
        [1, 0],
        [0, 1],
      ],
    );
    expect(JSON.stringify(toPlotlyJson(fig))).not.toContain('<script>');
  });
});
