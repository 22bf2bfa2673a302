/** The datasets bundled in static/datasets (sources and licences in its LICENSES.md) and generators. */
import type { Task } from './columns';
import type { GeneratorName } from './generators';

export interface BundledDataset {
  name: string;
  file: string;
  target: string;
  task: Task;
  rows: number;
  about: string;
}

export const BUNDLED: BundledDataset[] = [
  {
    name: 'iris',
    file: 'iris.csv',
    target: 'species',
    task: 'multiclass',
    rows: 150,
    about: 'Three iris species from four flower measurements.',
  },
  {
    name: 'penguins',
    file: 'penguins.csv',
    target: 'species',
    task: 'multiclass',
    rows: 344,
    about: 'Palmer penguins, with missing values and categorical columns.',
  },
  {
    name: 'breast-cancer',
    file: 'breast-cancer.csv',
    target: 'diagnosis',
    task: 'binary',
    rows: 569,
    about: 'Breast cancer Wisconsin: benign or malignant from 30 cell measurements.',
  },
  {
    name: 'auto-mpg',
    file: 'auto-mpg.csv',
    target: 'mpg',
    task: 'regression',
    rows: 406,
    about: 'Fuel economy of 1970s–80s cars.',
  },
];

export const GENERATED: { name: GeneratorName; task: Task; about: string }[] = [
  { name: 'moons', task: 'binary', about: 'Two interleaving half circles.' },
  { name: 'circles', task: 'binary', about: 'A circle inside a circle.' },
  { name: 'spirals', task: 'binary', about: 'Two interleaved spirals: hard for a linear model.' },
  { name: 'xor', task: 'binary', about: 'Four quadrants, opposite corners alike.' },
  { name: 'linear', task: 'regression', about: 'y = 3·x1 − 2·x2 + 1 plus noise.' },
];
