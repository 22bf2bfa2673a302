/** Messages between the page and the data worker (worker.ts); every reply carries its request id. */
import type { DataChoice, PreparedData } from '$lib/data/prepare';
import type { DatasetRecord } from './library';
import type { ReadFix, ReadOptions } from './read-options';

export type DataRequest =
  | {
      type: 'load';
      id: string;
      library: string;
      file: File | Uint8Array;
      name: string;
      source: string;
      sourceType: DatasetRecord['sourceType'];
      /** How to read it; absent: as it was saved (the same bytes again), else the defaults. */
      read?: Partial<ReadOptions>;
    }
  | { type: 'open'; id: string; library: string; sha256: string }
  /** Reads a saved dataset's bytes again with other options, and keeps the result. */
  | { type: 'reread'; id: string; library: string; sha256: string; read: Partial<ReadOptions> }
  | { type: 'prepare'; id: string; library: string; sha256: string; choice: DataChoice };

export type DataReply =
  | { type: 'progress'; id: string; stage: string; fraction: number }
  | { type: 'loaded'; id: string; record: DatasetRecord; preview: string[][] }
  | { type: 'prepared'; id: string; data: PreparedData }
  | {
      type: 'failed';
      id: string;
      message: string;
      row?: number;
      column?: string;
      fixes?: ReadFix[];
    };
