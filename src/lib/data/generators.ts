/**
 * Seeded toy datasets for offline demos and teaching, in the shapes of scikit-learn's
 * make_moons / make_circles and TensorFlow Playground's spiral and XOR sets, plus noisy linear
 * regression. Each returns a Table (as if read from a CSV), so it flows through the same
 * profiling, preprocessing and training as a user's file.
 */
import type { Table } from './csv';
import { seededRandom } from './split';

export interface GeneratorOptions {
  rows: number;
  noise: number;
  seed: number;
}

export type GeneratorName = 'moons' | 'circles' | 'spirals' | 'xor' | 'linear';

/** A standard normal draw (Box–Muller) from a seeded uniform source. */
function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6);

function points(
  o: GeneratorOptions,
  make: (i: number, normal: () => number, random: () => number) => [number, number, string],
): Table {
  const random = seededRandom(o.seed);
  const normal = gaussian(random);
  const rows = Array.from({ length: o.rows }, (_, i) => {
    const [x, y, label] = make(i, normal, random);
    return [fmt(x + o.noise * normal()), fmt(y + o.noise * normal()), label];
  });
  return { delimiter: ',', columns: ['x1', 'x2', 'label'], rows };
}

export const generators: Record<GeneratorName, (o: GeneratorOptions) => Table> = {
  /** Two interleaving half circles (make_moons). */
  moons: (o) =>
    points(o, (i) => {
      const outer = i % 2 === 0;
      const t = (Math.PI * Math.floor(i / 2)) / Math.max(1, Math.ceil(o.rows / 2) - 1);
      return outer ? [Math.cos(t), Math.sin(t), '0'] : [1 - Math.cos(t), 0.5 - Math.sin(t), '1'];
    }),
  /** A small circle inside a large one (make_circles, factor 0.5). */
  circles: (o) =>
    points(o, (i) => {
      const t = (2 * Math.PI * Math.floor(i / 2)) / Math.max(1, Math.ceil(o.rows / 2));
      const r = i % 2 === 0 ? 1 : 0.5;
      return [r * Math.cos(t), r * Math.sin(t), i % 2 === 0 ? '0' : '1'];
    }),
  /** Two interleaved spirals (TensorFlow Playground). */
  spirals: (o) =>
    points(o, (i) => {
      const arm = i % 2;
      const r = (Math.floor(i / 2) / Math.max(1, Math.ceil(o.rows / 2))) * 5;
      const t = 1.75 * r + arm * Math.PI;
      return [r * Math.sin(t), r * Math.cos(t), String(arm)];
    }),
  /** Points in a square labelled by the sign of x·y (XOR). */
  xor: (o) =>
    points(o, (_, __, random) => {
      const x = random() * 10 - 5;
      const y = random() * 10 - 5;
      return [x, y, x * y >= 0 ? '1' : '0'];
    }),
  /** y = 3·x1 − 2·x2 + 1 + noise: a regression target. */
  linear: (o) => {
    const random = seededRandom(o.seed);
    const normal = gaussian(random);
    const rows = Array.from({ length: o.rows }, () => {
      const x1 = random() * 4 - 2;
      const x2 = random() * 4 - 2;
      return [fmt(x1), fmt(x2), fmt(3 * x1 - 2 * x2 + 1 + o.noise * normal())];
    });
    return { delimiter: ',', columns: ['x1', 'x2', 'y'], rows };
  },
};
