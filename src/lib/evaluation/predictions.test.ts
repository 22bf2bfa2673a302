import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/csv';
import { toSafeCsv } from '../data/csv-export';
import {
  parsePredictions,
  readPredictions,
  type PredictionSet,
  type ReadOptions,
} from './predictions';

const read = (csv: string, options?: ReadOptions) => readPredictions(parseTable(csv), options);

function classification(csv: string, options?: ReadOptions) {
  const set = read(csv, options);
  if (set.task !== 'classification') throw new Error('classification expected');
  return set;
}

/** What a binary set says, in plain arrays. */
const binary = (set: Extract<PredictionSet, { task: 'classification' }>) => ({
  classes: set.classes,
  positive: set.positive,
  labels: Array.from(set.labels),
  scores: set.scores && Array.from(set.scores),
  predicted: set.predicted && Array.from(set.predicted),
  columns: set.columns,
});

describe('readPredictions: Tracklab’s own files', () => {
  it('reads binary probabilities as P(positive), multiclass as rows, numbers as regression', () => {
    const b = classification(
      'row,y,prediction,proba_no,proba_yes\n0,yes,yes,0.2,0.8\n1,no,no,0.7,0.3\n',
    );
    expect(binary(b)).toEqual({
      classes: ['no', 'yes'],
      positive: { label: 'yes', given: false },
      labels: [1, 0],
      scores: [0.8, 0.3],
      predicted: [1, 0],
      columns: {
        truth: 'y',
        prediction: 'prediction',
        probabilities: [
          { column: 'proba_no', class: 'no' },
          { column: 'proba_yes', class: 'yes' },
        ],
      },
    });
    const m = classification('y,prediction,proba_a,proba_b,proba_c\nc,c,0.1,0.2,0.7\n');
    expect(m.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(m.scores!)).toEqual([0.1, 0.2, 0.7]);
    expect(m.positive).toBeUndefined();
    expect(read('prediction,mpg\n21,20\n')).toMatchObject({
      task: 'regression',
      target: 'mpg',
      columns: { truth: 'mpg', prediction: 'prediction', probabilities: [] },
    });
  });

  it('reads back the labels of a file written spreadsheet-safe (formula-like classes prefixed)', () => {
    const csv = toSafeCsv([
      ['row', '=target', 'prediction', 'proba_=x', 'proba_-y'],
      ['0', '=x', '=x', '0.9', '0.1'],
      ['1', '-y', '-y', '0.2', '0.8'],
    ]);
    expect(csv).toContain(`"'=x"`);
    const p = classification(csv);
    expect(p.target).toBe('=target');
    // "=" (U+003D) sorts after "-" (U+002D): "=x" is the greater label, so the positive class.
    expect(p.classes).toEqual(['-y', '=x']);
    expect(Array.from(p.labels)).toEqual([1, 0]);
    expect(Array.from(p.scores!)).toEqual([0.9, 0.2]);
  });
});

describe('readPredictions: files as scikit-learn people write them', () => {
  it('y_true,y_pred,prob_1 with 0/1 labels: prob_1 is P(1), the positive class', () => {
    const set = classification('y_true,y_pred,prob_1\n1,1,0.9\n0,0,0.2\n0,1,0.6\n1,0,0.4\n');
    expect(binary(set)).toEqual({
      classes: ['0', '1'],
      positive: { label: '1', given: false },
      labels: [1, 0, 0, 1],
      scores: [0.9, 0.2, 0.6, 0.4],
      predicted: [1, 0, 1, 0],
      columns: {
        truth: 'y_true',
        prediction: 'y_pred',
        probabilities: [{ column: 'prob_1', class: '1' }],
      },
    });
  });

  it('label,prediction,proba_yes with string labels; names in any case', () => {
    const set = classification('Label,Prediction,Proba_yes\nyes,yes,0.8\nno,no,0.1\nno,yes,0.7\n');
    expect(binary(set)).toMatchObject({
      classes: ['no', 'yes'],
      positive: { label: 'yes', given: false },
      labels: [1, 0, 0],
      scores: [0.8, 0.1, 0.7],
      columns: { truth: 'Label', prediction: 'Prediction' },
    });
  });

  it('one column for the lesser class: P(positive) is one minus it', () => {
    const set = classification('target,pred,p_no\nyes,yes,0.25\nno,no,0.5\n');
    expect(binary(set)).toMatchObject({ classes: ['no', 'yes'], scores: [0.75, 0.5] });
    expect(set.columns.probabilities).toEqual([{ column: 'p_no', class: 'no' }]);
  });

  it('multiclass p_a,p_b,p_c, and prob_0..prob_2 as predict_proba’s columns in sklearn’s order', () => {
    const named = classification('y,yhat,p_a,p_b,p_c\nb,b,0.2,0.5,0.3\nc,a,0.6,0.1,0.3\n');
    expect(named.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(named.labels)).toEqual([1, 2]);
    expect(Array.from(named.predicted!)).toEqual([1, 0]);
    // Suffixes 0..2 name no class here: they are positions in np.unique's order of the labels.
    const positional = classification(
      'y_true,y_pred,prob_0,prob_1,prob_2\nversicolor,versicolor,0.1,0.8,0.1\nsetosa,setosa,0.9,0.05,0.05\nvirginica,versicolor,0.1,0.5,0.4\n',
    );
    expect(positional.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(positional.labels)).toEqual([1, 0, 2]);
    expect(positional.columns.probabilities).toEqual([
      { column: 'prob_0', class: 'setosa' },
      { column: 'prob_1', class: 'versicolor' },
      { column: 'prob_2', class: 'virginica' },
    ]);
  });

  it('numeric labels -1/1: 1 is the greater, so the default positive class', () => {
    const set = classification('actual,predicted,prob_1\n-1,-1,0.1\n1,1,0.7\n1,-1,0.45\n');
    expect(binary(set)).toMatchObject({
      classes: ['-1', '1'],
      positive: { label: '1', given: false },
      labels: [0, 1, 1],
      scores: [0.1, 0.7, 0.45],
    });
  });

  it('numbers sort as numbers (10 after 9), strings and booleans as scikit-learn sorts them', () => {
    const greater = (csv: string) => classification(csv).positive?.label;
    expect(greater('y,probability\n9,0.2\n10,0.8\n')).toBe('10');
    expect(greater('y,probability\nno,0.2\nyes,0.8\n')).toBe('yes');
    expect(greater('y,probability\nYes,0.2\nno,0.8\n')).toBe('no'); // "Y" < "n" by code point
    expect(greater('y,probability\nTrue,0.2\nfalse,0.8\n')).toBe('True'); // booleans: False < True
    expect(greater('y,probability\n1,0.2\n0,0.8\n1.0,0.4\n')).toBe('1'); // 1 and 1.0 are one class
  });

  it('a score column that names no class is P(the greater label); posLabel picks another', () => {
    const csv = 'y_true,y_score\nspam,0.9\nham,0.2\nspam,0.4\n';
    expect(binary(classification(csv))).toMatchObject({
      classes: ['ham', 'spam'],
      positive: { label: 'spam', given: false },
      scores: [0.9, 0.2, 0.4],
      columns: { probabilities: [{ column: 'y_score', class: 'spam' }] },
    });
    const ham = binary(classification(csv, { posLabel: 'ham' }));
    expect(ham).toMatchObject({
      classes: ['spam', 'ham'],
      positive: { label: 'ham', given: true },
      labels: [0, 1, 0],
    });
    expect(ham.scores!.map((p) => +p.toFixed(12))).toEqual([0.1, 0.8, 0.6]);
  });

  it('posLabel as a number or text names the class; one that is no class is refused', () => {
    const csv = 'y_true,y_pred,prob_1\n1,1,0.9\n0,0,0.2\n';
    expect(classification(csv, { posLabel: 0 }).positive).toEqual({ label: '0', given: true });
    expect(classification(csv, { posLabel: '1.0' }).positive).toEqual({ label: '1', given: true });
    expect(() => read(csv, { posLabel: 'yes' })).toThrow(
      'The positive class "yes" is not one of the classes in the predictions file ("0", "1").',
    );
    expect(() => read('y,p_a,p_b,p_c\na,0.2,0.3,0.5\n', { posLabel: 'a' })).toThrow(
      'A positive class ("a") is for two classes; this predictions file has 3 ("a", "b", "c").',
    );
    expect(() => read('y,prediction\n1.5,2\n', { posLabel: 1 })).toThrow(
      'A positive class ("1") is for two classes, and this predictions file is read as a regression (numbers in its true and predicted columns). Leave the positive class out, or ask for a classifier (modelType "classifier") if the numbers are class labels.',
    );
  });

  it('skips row ids and pandas’ index; takes y_true among other columns by its name', () => {
    const set = classification(
      'Unnamed: 0,x1,y_true,y_pred,proba_1\n0,3.5,1,1,0.8\n1,1.2,0,0,0.4\n',
    );
    expect(set.columns.truth).toBe('y_true');
    // df.to_csv(path) writes the index under an empty name; it is read as pandas reads it back.
    const pandas = readPredictions(
      parsePredictions('\uFEFF,y_true,y_pred,prob_1\n0,1,1,0.8\n1,0,0,0.4\n'),
    );
    expect(pandas.columns).toEqual({
      truth: 'y_true',
      prediction: 'y_pred',
      probabilities: [{ column: 'prob_1', class: '1' }],
    });
    const regression = read('index,y,y_hat\n0,2.5,2\n1,3,3.5\n');
    expect(regression).toMatchObject({
      task: 'regression',
      columns: { truth: 'y', prediction: 'y_hat' },
    });
    // A lone column besides the predictions is the target, whatever its name ("score" too).
    expect(read('row,score,prediction\n0,71,70\n')).toMatchObject({
      task: 'regression',
      target: 'score',
    });
  });
});

describe('readPredictions: what it cannot decide, it says', () => {
  it('names the candidates when columns are ambiguous', () => {
    expect(() => read('x1,outcome,prediction,proba_a,proba_b\n3.5,b,b,0.4,0.6\n')).toThrow(
      'several columns that could hold the true values ("x1", "outcome"): name the one that does as the target',
    );
    expect(() => read('y,label,prob_1\n1,1,0.5\n')).toThrow(
      'several columns that could hold the true values ("y", "label")',
    );
    expect(() => read('y,pred,y_pred,prob_1\n1,1,1,0.5\n')).toThrow(
      'several columns that could hold the predictions ("pred", "y_pred"): keep one, or rename the others.',
    );
    expect(() => read('y,prob_a,p_b\na,0.5,0.5\n')).toThrow(
      'spells its probability columns 2 ways ("prob_a", "p_b")',
    );
    expect(() => read('y,proba_1,score\n1,0.5,0.5\n')).toThrow(
      'several probability columns that name no class or spell it differently ("proba_1", "score")',
    );
    // prob_1 names the class "1", but column 1 of predict_proba is "2" in sklearn's order.
    expect(() => read('y_true,prob_1\n1,0.3\n2,0.9\n')).toThrow(
      '"prob_1" could be P("1"), the class it names, or P("2"), column 1 of predict_proba in scikit-learn\'s order ("1", "2"): rename it proba_<class>.',
    );
  });

  it('takes the named target column, and says when there is none', () => {
    const csv = 'x1,y,prediction,proba_a,proba_b\n3.5,b,b,0.4,0.6\n1.2,a,b,0.3,0.7\n';
    expect(Array.from(classification(csv).labels)).toEqual([1, 0]); // "y" is a true-value name
    const named = 'y,outcome,prediction,proba_a,proba_b\n3.5,b,b,0.4,0.6\n';
    expect(classification(named, { target: 'outcome' }).columns.truth).toBe('outcome');
    expect(() => read(csv, { target: 'label' })).toThrow(
      'The predictions file has no "label" column to take the true values from (its columns: x1, y, prediction, proba_a, proba_b).',
    );
  });

  it('says what is missing or wrong, with the row', () => {
    expect(() => read('y,guess\n1,2\n')).toThrow(
      'has no column of predictions nor of probabilities (its columns: y, guess). Name the predicted values or classes "prediction" (or pred, y_pred, yhat)',
    );
    expect(() => read('row,prediction\n0,1\n')).toThrow('no column with the true values');
    // Numbers in one column and text in the other: neither a regression nor one kind of label.
    expect(() => read('y,prediction\n1,1\n2,x\n')).toThrow(
      'Row 3 of the predictions file: "x" in "prediction" is not a number, while every value in "y" is. A regression needs numbers in both columns; a classification needs labels of one kind in both (scikit-learn refuses a mix of numbers and text).',
    );
    expect(() => read('y,prediction,proba_a,proba_b\nz,a,0.5,0.5\n')).toThrow(
      'Row 2 of the predictions file: the true class "z" has no probability column (the classes are "a", "b")',
    );
    expect(() => read('y,prediction,proba_a,proba_b\na,q,0.5,0.5\n')).toThrow(
      'the predicted class "q" has no probability column',
    );
    expect(() => read('y,prob_1\na,0.2\nb,0.4\nc,0.9\n')).toThrow(
      'one probability column ("prob_1"), which serves two classes, and 3 classes ("a", "b", "c"): give one proba_<class> column per class.',
    );
    expect(() => read('y,prob_1\n1,0.2\n1,0.4\n')).toThrow(
      'shows one class only ("1"), so with one probability column ("prob_1") the other class is unknown',
    );
    expect(() => read('y,proba_maybe\nyes,0.2\nno,0.4\n')).toThrow(
      'The probability column "proba_maybe" names no class of the predictions file (its classes: "no", "yes")',
    );
    expect(() => read('y,prob_1\nyes,1.7\nno,0.4\n')).toThrow(
      'Row 2 of the predictions file: "1.7" in column "prob_1" is not a probability between 0 and 1.',
    );
    expect(() => read('y,prediction\n')).toThrow();
  });

  it('a lone class with a named probability column still makes two classes', () => {
    const set = classification('y,proba_spam\nham,0.1\nham,0.3\n');
    expect(binary(set)).toMatchObject({ classes: ['ham', 'spam'], labels: [0, 0] });
  });
});
