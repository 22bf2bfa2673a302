import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  confusionMatrix,
  precisionRecallF1,
} from './classification';
import { encodeLabels, predictClasses } from './common';

// Values checked against scikit-learn 1.9.1 by hand.
const ABC = ['a', 'b', 'c'];
const y = [0, 1, 2, 2, 1, 0];
const p = [0, 1, 1, 1, 1, 0]; // class "c" is never predicted

describe('confusion matrix', () => {
  it('counts rows true, columns predicted, in class order', () => {
    expect(confusionMatrix(y, p, ABC)).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [0, 2, 0],
    ]);
  });

  it('keeps a row and a column for a class absent from both', () => {
    expect(confusionMatrix([0, 1], [0, 0], ['x', 'y', 'z'])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('throws on empty input, mismatched lengths and labels outside the classes', () => {
    expect(() => confusionMatrix([], [], ABC)).toThrow('empty input: no rows to evaluate');
    expect(() => confusionMatrix([0, 1], [0], ABC)).toThrow('2 labels but 1 predictions');
    expect(() => confusionMatrix([0, 3], [0, 1], ABC)).toThrow(
      'labels[1] = 3 is not a class index in 0..2',
    );
  });
});

describe('accuracy and balanced accuracy', () => {
  it('accuracy is the fraction right', () => {
    expect(accuracy(y, p).value).toBeCloseTo(4 / 6, 15);
  });

  it('balanced accuracy is the mean recall over the true classes', () => {
    expect(balancedAccuracy(y, p, ABC)).toEqual({ value: 2 / 3 });
    // imbalanced: 9 negatives all right, 1 positive missed
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const all0 = new Array(10).fill(0);
    expect(accuracy(labels, all0).value).toBe(0.9);
    expect(balancedAccuracy(labels, all0, ['n', 'p']).value).toBe(0.5);
  });

  it('leaves out a class that is predicted but never true, and says so', () => {
    const m = balancedAccuracy([0, 0, 1, 1], [0, 2, 1, 1], ABC);
    expect(m.value).toBe(0.75);
    expect(m.note).toContain('predicted but absent from the labels: "c"');
  });
});

describe('precision, recall and F1', () => {
  it('macro, weighted and micro averages over all classes', () => {
    const macro = precisionRecallF1(y, p, ABC, { average: 'macro' });
    expect(macro.precision.value).toBeCloseTo(0.5, 15);
    expect(macro.recall.value).toBeCloseTo(2 / 3, 15);
    expect(macro.f1.value).toBeCloseTo(5 / 9, 15);
    expect(macro.precision.note).toBe(
      'precision is ill-defined and set to 0.0 for "c" (no predicted rows), as scikit-learn does',
    );
    expect(macro.recall.note).toBeUndefined();
    expect(macro.f1.note).toBeUndefined(); // "c" has true rows, so F1 is 0 without a warning
    const micro = precisionRecallF1(y, p, ABC, { average: 'micro' });
    expect(micro.f1.value).toBeCloseTo(4 / 6, 15);
  });

  it('weighted averages by support', () => {
    const w = precisionRecallF1([0, 0, 0, 1], [0, 0, 1, 1], ['n', 'p'], { average: 'weighted' });
    // class n: P 1, R 2/3, F 0.8 (support 3); class p: P 0.5, R 1, F 2/3 (support 1)
    expect(w.precision.value).toBeCloseTo(0.875, 15);
    expect(w.recall.value).toBeCloseTo(0.75, 15);
    expect(w.f1.value).toBeCloseTo((3 * 0.8 + 2 / 3) / 4, 15);
  });

  it('binary scores the positive class, or the one named', () => {
    const b = precisionRecallF1([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], ['n', 'p']);
    expect([b.precision.value, b.recall.value, b.f1.value]).toEqual([2 / 3, 2 / 3, 2 / 3]);
    const n = precisionRecallF1([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], ['n', 'p'], { positive: 0 });
    expect([n.precision.value, n.recall.value]).toEqual([0.5, 0.5]);
  });

  it('sets ill-defined values to 0.0 with a note when the positive class is absent', () => {
    const b = precisionRecallF1([0, 0], [0, 0], ['benign', 'malignant']);
    expect(b.precision).toEqual({
      value: 0,
      note: 'precision is ill-defined and set to 0.0 for "malignant" (no predicted rows), as scikit-learn does',
    });
    expect(b.recall.note).toContain('(no true rows)');
    expect(b.f1.note).toContain('(no true nor predicted rows)');
  });

  it('a class absent from labels and predictions counts as 0 in the macro mean', () => {
    const m = precisionRecallF1([0, 1], [0, 1], ['x', 'y', 'z'], { average: 'macro' });
    expect(m.f1.value).toBeCloseTo(2 / 3, 15);
    expect(m.f1.note).toContain('"z"');
  });

  it("refuses 'binary' for more than two classes", () => {
    expect(() => precisionRecallF1(y, p, ABC)).toThrow("average 'binary' needs two classes");
  });
});

describe('classification report', () => {
  it('matches classification_report(output_dict=True)', () => {
    const r = classificationReport(y, p, ABC);
    expect(r.perClass).toEqual([
      { class: 'a', precision: 1, recall: 1, f1: 1, support: 2 },
      { class: 'b', precision: 0.5, recall: 1, f1: 2 / 3, support: 2 },
      { class: 'c', precision: 0, recall: 0, f1: 0, support: 2 },
    ]);
    expect(r.accuracy).toBeCloseTo(2 / 3, 15);
    expect(r.macro.f1).toBeCloseTo(5 / 9, 15);
    expect(r.weighted.precision).toBeCloseTo(0.5, 15);
    expect(r.warnings).toEqual([
      'precision is ill-defined and set to 0.0 for "c" (no predicted rows), as scikit-learn does',
    ]);
  });
});

describe('labels and predicted classes', () => {
  it('encodes string labels by the class list and refuses unknown ones', () => {
    expect(Array.from(encodeLabels(['b', 'a', 'b'], ['a', 'b']))).toEqual([1, 0, 1]);
    expect(() => encodeLabels(['a', 'q'], ['a', 'b'])).toThrow(
      'label "q" is not one of the classes: a, b',
    );
  });

  it('predicts positive at P >= threshold, and the first highest class otherwise', () => {
    expect(Array.from(predictClasses([0.2, 0.5, 0.7], 2))).toEqual([0, 1, 1]);
    expect(Array.from(predictClasses([0.2, 0.5, 0.7], 2, 0.6))).toEqual([0, 0, 1]);
    expect(
      Array.from(
        predictClasses(
          [
            [0.4, 0.4, 0.2],
            [0.1, 0.3, 0.6],
          ],
          3,
        ),
      ),
    ).toEqual([0, 2]);
    expect(Array.from(predictClasses([0.4, 0.4, 0.2, 0.1, 0.3, 0.6], 3))).toEqual([0, 2]);
  });
});
