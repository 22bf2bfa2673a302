import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  averagePrecisionPresentClasses,
  brierScore,
  logLoss,
  rocAuc,
  rocAucPresentClasses,
} from './probabilistic';

// Expected values from scikit-learn 1.9.1 on the same inputs.
const NP = ['neg', 'pos'];

/** Six rows of three classes, each row's probabilities summing to one (sklearn checked below). */
const THREE_CLASSES = {
  y: [0, 1, 2, 2, 1, 0],
  s: [
    [0.7, 0.2, 0.1],
    [0.2, 0.6, 0.2],
    [0.3, 0.4, 0.3],
    [0.1, 0.5, 0.4],
    [0.2, 0.7, 0.1],
    [0.6, 0.3, 0.1],
  ],
};

/** Classes a, b and c, with no row of "b": its one-vs-rest curve is undefined. */
const B_ABSENT: [number[], number[][], string[]] = [
  [0, 2, 0, 2],
  [
    [0.8, 0.1, 0.1],
    [0.2, 0.3, 0.5],
    [0.5, 0.4, 0.1],
    [0.6, 0.1, 0.3],
  ],
  ['a', 'b', 'c'],
];

describe('ROC AUC', () => {
  it('collapses tied scores into one step of the curve', () => {
    expect(rocAuc([0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.5], NP).value).toBeCloseTo(
      7 / 9,
      15,
    );
  });

  it('scores a heavily imbalanced set', () => {
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.75, 0.05];
    expect(rocAuc(y, s, NP).value).toBeCloseTo(0.4375, 15);
  });

  it('uses the positive class named (AUC is symmetric), and two-column scores', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], NP, { positive: 0 }).value).toBeCloseTo(
      0.75,
      15,
    );
    const rows = [
      [0.9, 0.1],
      [0.6, 0.4],
      [0.65, 0.35],
      [0.2, 0.8],
    ];
    expect(rocAuc([0, 0, 1, 1], rows, NP).value).toBeCloseTo(0.75, 15);
  });

  it('is null with a note when the labels hold one class', () => {
    expect(rocAuc([0, 0, 0], [0.1, 0.5, 0.9], ['benign', 'malignant'])).toEqual({
      value: null,
      note: 'ROC AUC is undefined: only one class ("benign") is present in the labels',
    });
  });

  it('is the one-vs-rest macro mean for several classes', () => {
    const { y, s } = THREE_CLASSES;
    expect(rocAuc(y, s, ['a', 'b', 'c']).value).toBe(1);
  });

  it('is null with the reason when a class is absent, as sklearn 1.9 gives NaN; the present-class mean stands apart', () => {
    // class "b" has no rows: its one-vs-rest AUC is NaN in sklearn, and so is the macro mean
    expect(rocAuc(...B_ABSENT)).toEqual({
      value: null,
      note: 'ROC AUC is undefined: "b" is absent from the labels, so its one-vs-rest AUC is undefined (scikit-learn 1.9 returns NaN and warns); roc_auc_ovr_present_classes is the mean over the 2 classes present',
    });
    // np.nanmean(roc_auc_score(..., average=None, labels=[0, 1, 2])): a 3/4, c 1
    expect(rocAucPresentClasses(...B_ABSENT)).toEqual({ value: 0.875 });
    const { y, s } = THREE_CLASSES;
    expect(rocAucPresentClasses(y, s, ['a', 'b', 'c'])).toEqual(rocAuc(y, s, ['a', 'b', 'c']));
    expect(
      rocAucPresentClasses(
        [1, 1],
        [
          [0.2, 0.5, 0.3],
          [0.1, 0.8, 0.1],
        ],
        ['a', 'b', 'c'],
      ).value,
    ).toBeNull();
    expect(() => rocAucPresentClasses([0, 1], [0.2, 0.7], NP)).toThrow('three or more classes');
  });

  it('throws on empty input and scores that are not probabilities', () => {
    expect(() => rocAuc([], [], NP)).toThrow('empty input: no rows to evaluate');
    expect(() => rocAuc([0, 1], [0.2, NaN], NP)).toThrow('probabilities in [0, 1]; found NaN');
    expect(() => rocAuc([0, 1], [0.2, 1.5], NP)).toThrow('found 1.5');
    expect(() => rocAuc([0, 1], [0.2, 0.3, 0.5], NP)).toThrow('scores hold');
  });
});

describe('average precision', () => {
  it('is the step-wise sum, not the trapezoid, with ties', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], NP).value).toBeCloseTo(5 / 6, 15);
    expect(
      averagePrecision([0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.5], NP).value,
    ).toBeCloseTo(0.7333333333333334, 15);
  });

  it('is 0.0 with a note when no row is positive, as sklearn', () => {
    const m = averagePrecision([0, 0], [0.3, 0.6], NP);
    expect(m.value).toBe(0);
    expect(m.note).toContain('no rows of the positive class ("pos")');
  });

  it('counts an absent class as 0.0, as sklearn over label_binarize(y, classes), with a note', () => {
    // sklearn: a 0.8333…, b 0.0 (no positive rows, warns), c 1.0 -> 0.611111111111111
    const m = averagePrecision(...B_ABSENT);
    expect(m.value).toBe(0.611111111111111);
    expect(m.note).toBe(
      'average precision counts 0.0 for "b": is absent from the labels, as scikit-learn scores a class with no positive rows; average_precision_present_classes leaves it out',
    );
    // a: order .8(a) .6(c) .5(a) .2(c) -> 1*0.5 + 2/3*0.5; c: .5(c) .3(c) -> 1
    expect(averagePrecisionPresentClasses(...B_ABSENT).value).toBeCloseTo(
      (0.5 + 1 / 3 + 1) / 2,
      15,
    );
    const { y, s } = THREE_CLASSES;
    expect(averagePrecisionPresentClasses(y, s, ['a', 'b', 'c'])).toEqual(
      averagePrecision(y, s, ['a', 'b', 'c']),
    );
  });

  it('never passes 1: a perfect ranking of 20 positives sums to 1.0000000000000002 in sklearn', () => {
    const positives = 20;
    const labels = [...Array<number>(positives).fill(1), 0];
    const scores = [...labels.slice(0, positives).map((_, i) => 0.5 + (0.5 * (i + 1)) / 21), 0];
    expect(averagePrecision(labels, scores, NP)).toEqual({ value: 1 });
    // Summed as numpy sums, the values are sklearn's to the last bit (1.9.1, checked by hand).
    expect(averagePrecision([0, 1, 1, 0, 1], [0.3, 0.9, 0.35, 0.4, 0.8], NP).value).toBe(
      0.9166666666666665,
    );
  });
});

describe('log loss', () => {
  it('is the mean cross-entropy of the true class', () => {
    const { y, s } = THREE_CLASSES;
    expect(logLoss(y, s, ['a', 'b', 'c'])).toEqual({
      value: expect.closeTo(0.642544111934923, 14),
    });
    const imbalanced = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.75, 0.05];
    expect(logLoss([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], imbalanced, NP).value).toBeCloseTo(
      0.8902267609876668,
      14,
    );
  });

  it('clips probabilities to [eps, 1 - eps] with eps = 2^-52', () => {
    expect(logLoss([0, 1], [0, 0], NP).value).toBeCloseTo(18.021826694558577, 12);
  });

  it('notes rows that do not sum to one and uses them as given', () => {
    const m = logLoss(
      [0, 1],
      [
        [0.5, 0.3],
        [0.2, 0.8],
      ],
      NP,
    );
    expect(m.value).toBeCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, 15);
    expect(m.note).toContain('do not sum to one');
  });
});

describe('Brier score', () => {
  it('is the mean squared error of P(positive) for two classes', () => {
    const imbalanced = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.75, 0.05];
    expect(brierScore([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], imbalanced, NP).value).toBeCloseTo(
      0.3005,
      15,
    );
  });

  it('sums over classes for three or more (range 0..2)', () => {
    const { y, s } = THREE_CLASSES;
    expect(brierScore(y, s, ['a', 'b', 'c']).value).toBeCloseTo(0.35666666666666674, 15);
    expect(brierScore([0], [[0, 1, 0]], ['a', 'b', 'c']).value).toBe(2);
  });
});
