// Export and import as files: the Tracklab archive and the MLflow mlruns tree, each written from
// one Dexie store and imported into another, compared run by run; a second import copies
// nothing; damaged and foreign zips get a message that says what is wrong. Odd and hostile
// inputs, data files and an archive brought home: files-edges.test.ts.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parse } from 'yaml';
import { dumpRegistry, dumpStore } from '../lab';
import { MemoryLedger } from '../ledger';
import { fresh, lab } from '../test-support';
import { exportArchive } from './archive';
import { importArchive, openArchive } from './import';
import { md5Hex } from './md5';
import { exportMlruns } from './mlruns-write';
import { ArchiveError, ZipReader, crc32 } from './zip';
import { EXPERIMENTS, exported, importInto } from './files-test-support';

describe.each([
  ['Tracklab archive', exportArchive, 'tracklab'],
  ['mlruns tree', exportMlruns, 'mlruns'],
] as const)('export and import as a %s', (_, write, format) => {
  it('round-trips every run, history, artifact, input, nesting and the registry', async () => {
    const { blob, from, report, fromRegistry } = await exported(write);
    expect(report.runs).toBeGreaterThan(5);
    expect(report.models).toBe(1);
    expect(report.versions).toBe(3);
    const { archive, report: imported, to, registry } = await importInto(blob);
    expect(archive.format).toBe(format);
    expect(archive.sourceStore).toBe('browser-a');
    expect(imported.failed).toEqual([]);
    expect(imported.created).toHaveLength(report.runs);
    const expected = await dumpStore(from, EXPERIMENTS);
    expect(Object.keys(expected).length).toBe(report.runs);
    expect(await dumpStore(to, EXPERIMENTS)).toEqual(expected);
    expect(await dumpRegistry(to, registry, 'iris-classifier')).toEqual(
      await dumpRegistry(from, fromRegistry, 'iris-classifier'),
    );
    const team = (await to.getExperimentByName(EXPERIMENTS[0]))!.tags;
    expect(team).toContainEqual({ key: 'team', value: 'vision' });
  });

  it('copies nothing when the same archive is imported again', async () => {
    const { blob } = await exported(write);
    const first = await importInto(blob);
    const again = await importInto(blob, first.ledger, first.to);
    expect(again.report.created).toEqual([]);
    expect(again.report.updated).toEqual([]);
    expect(again.report.points).toBe(0);
    expect(again.report.bytes).toBe(0);
  });

  it('exports only the experiments chosen', async () => {
    const { from } = await lab({ runs: 2, steps: 3, trials: 1 });
    const training = (await from.getExperimentByName(EXPERIMENTS[0]))!.experiment_id;
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const report = await write(from, { experimentIds: [training], sourceStore: 's' }, (c) =>
      chunks.push(c),
    );
    const archive = await openArchive(new Blob(chunks));
    expect(archive.experiments.map((e) => e.name)).toEqual([EXPERIMENTS[0]]);
    expect(archive.experiments[0].runs).toBe(report.runs);
  });
});

describe('the mlruns tree', () => {
  it('is laid out as MLflow’s FileStore reads it', async () => {
    const { blob, ids } = await exported(exportMlruns);
    const zip = await ZipReader.open(blob);
    const runId = ids.get('train-0')!;
    const runMetaName = zip.names().find((n) => n.endsWith(`/${runId}/meta.yaml`))!;
    const [, experimentId] = /^mlruns\/(\d+)\//.exec(runMetaName)!;
    const meta = parse(await zip.text(runMetaName));
    expect(meta).toMatchObject({
      run_id: runId,
      experiment_id: experimentId,
      status: 3,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycle_stage: 'active',
    });
    const loss = await zip.text(`mlruns/${experimentId}/${runId}/metrics/loss`);
    expect(loss.split('\n')[0]).toMatch(/^\d{13} [\d.e-]+ 0$/);
    expect(zip.has(`mlartifacts/${experimentId}/${runId}/artifacts/model/model.json`)).toBe(true);
    const version = parse(await zip.text('mlruns/models/iris-classifier/version-2/meta.yaml'));
    expect(version.source).toBe(
      `mlflow-artifacts:/${experimentId}/${ids.get('train-1')}/artifacts/model`,
    );
    expect(await zip.text('mlruns/models/iris-classifier/aliases/champion')).toBe('2');
    const input = zip.names().find((n) => n.includes(`${runId}/inputs/`))!;
    const datasetId = parse(await zip.text(input)).source_id;
    expect(zip.has(`mlruns/${experimentId}/datasets/${datasetId}/meta.yaml`)).toBe(true);
    expect(input).toBe(
      `mlruns/${experimentId}/${runId}/inputs/${md5Hex(datasetId + runId)}/meta.yaml`,
    );
  });

  it('reads a tree MLflow wrote (artifacts beside the runs, 2-field lines, deleted runs, nested folder)', async () => {
    const run = 'e319562fd94d49cdb6427fba2452facb';
    const gone = '07cd691cc5ef47f3843d316ba19deb20';
    const dir = 'exports/mlruns/8970';
    const files: Record<string, Uint8Array> = {
      [`${dir}/meta.yaml`]: strToU8(
        "artifact_location: file:///tmp/mlruns/8970\ncreation_time: 1796643124664\nexperiment_id: '8970'\nlast_update_time: 1796643124664\nlifecycle_stage: active\nname: demo exp\n",
      ),
      [`${dir}/tags/team`]: strToU8('cv'),
      [`${dir}/${run}/meta.yaml`]: strToU8(
        `artifact_uri: file:///tmp/mlruns/8970/${run}/artifacts\nend_time: 1796643124759\nexperiment_id: '8970'\nlifecycle_stage: active\nrun_id: ${run}\nrun_name: parent\nstart_time: 1796643124722\nstatus: 3\ntags: []\nuser_id: root\n`,
      ),
      [`${dir}/${run}/metrics/loss`]: strToU8('1796643124728 1.5 0\n1796643124728 nan 1\n'),
      [`${dir}/${run}/metrics/a/b`]: strToU8('1796643124729 inf\n'),
      [`${dir}/${run}/params/lr`]: strToU8('0.1'),
      [`${dir}/${run}/tags/note`]: strToU8('hello: world\nline2'),
      [`${dir}/${run}/artifacts/dir/x.txt`]: strToU8('hi'),
      [`${dir}/${gone}/meta.yaml`]: strToU8(
        `artifact_uri: ''\nexperiment_id: '8970'\nlifecycle_stage: deleted\nrun_id: ${gone}\nrun_name: gone\nstart_time: 1\nstatus: 4\nuser_id: root\n`,
      ),
      'exports/mlruns/models/mdl/meta.yaml': strToU8(
        'name: mdl\ncreation_timestamp: 1\nlast_updated_timestamp: 2\ndescription: desc\n',
      ),
      'exports/mlruns/models/mdl/aliases/champion': strToU8('1'),
      'exports/mlruns/models/mdl/version-1/meta.yaml': strToU8(
        `name: mdl\nversion: 1\ncreation_timestamp: 1\nlast_updated_timestamp: 2\ncurrent_stage: Staging\nsource: file:///tmp/mlruns/8970/${run}/artifacts/dir\nrun_id: ${run}\nstatus: READY\n`,
      ),
    };
    const { archive, report, to, registry } = await importInto(new Blob([zipSync(files)]));
    expect(archive.format).toBe('mlruns');
    expect(archive.sourceStore).toMatch(/^mlruns:[0-9a-f]{16}$/);
    expect(archive.experiments).toMatchObject([{ name: 'demo exp', runs: 1 }]);
    expect(report.failed).toEqual([]);
    const dumped = await dumpStore(to, ['demo exp']);
    expect(Object.keys(dumped)).toEqual(['parent']);
    expect(dumped.parent).toMatchObject({
      status: 'FINISHED',
      params: { lr: '0.1' },
      tags: expect.objectContaining({ note: 'hello: world\nline2' }),
      history: {
        loss: [
          [1796643124728, 0, '1.5'],
          [1796643124728, 1, 'NaN'],
        ],
        'a/b': [[1796643124729, 0, 'Infinity']],
      },
      artifacts: { 'dir/x.txt': 'hi' },
    });
    const version = await registry.getModelVersionByAlias('mdl', 'champion');
    const copy = await to.getRun(version.run_id);
    expect(copy.info.run_name).toBe('parent');
    expect(version.source).toBe(`${copy.info.artifact_uri}/dir`);
    expect(version.current_stage).toBe('Staging');
  });
});

/** Where a file's local header starts (the first one with that name). */
function findEntry(bytes: Uint8Array, name: string): number {
  const needle = strToU8(name);
  for (let i = 0; i < bytes.length - 30; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b || bytes[i + 2] !== 3 || bytes[i + 3] !== 4)
      continue;
    if (needle.every((b, j) => bytes[i + 30 + j] === b)) return i;
  }
  throw new Error(`no ${name}`);
}

describe('archives that cannot be read', () => {
  const fails = async (bytes: Uint8Array, message: RegExp) => {
    // fflate answers Uint8Array<ArrayBufferLike>; its buffers are plain ArrayBuffers.
    const part = bytes as Uint8Array<ArrayBuffer>;
    const error = await openArchive(new Blob([part])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toMatch(message);
  };

  it('says what is wrong with a file that is not a zip, a foreign zip, or a damaged one', async () => {
    await fails(strToU8('run,loss\n1,0.5\n'), /not a zip archive/);
    await fails(
      zipSync({ 'notes.txt': strToU8('hello') }),
      /neither a Tracklab archive nor an MLflow mlruns/,
    );
    const { blob } = await exported(exportArchive);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    await fails(bytes.slice(0, bytes.length - 200), /not a zip archive|damaged|cut short/);
    // A byte flipped inside one run's compressed history: the archive opens, that run fails
    // with the reason, the others are imported.
    const zip = await ZipReader.open(blob);
    const victim = zip.names().find((n) => n.endsWith('/metrics.json'))!;
    const at = findEntry(bytes, victim) + 30 + victim.length + 5; // inside its deflated data
    const flipped = bytes.slice();
    flipped[at] ^= 0xff;
    const archive = await openArchive(new Blob([flipped]));
    const report = await importArchive(
      archive,
      { tracking: fresh() },
      { ledger: new MemoryLedger() },
    );
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0].reason).toMatch(/damaged/);
    expect(report.created.length).toBe(archive.experiments.reduce((n, e) => n + e.runs, 0) - 1);
  });

  it('refuses an archive from a newer Tracklab, saying to update', async () => {
    const manifest = {
      format: 'tracklab-archive',
      version: 99,
      created: 0,
      sourceStore: 'x',
      experiments: 0,
      runs: 0,
    };
    await fails(
      zipSync({ 'tracklab-archive.json': strToU8(JSON.stringify(manifest)) }),
      /newer Tracklab/,
    );
  });

  it('computes CRC-32 and MD5 as zip and MLflow do', () => {
    expect(crc32(strToU8('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
    // Python: hashlib.md5(('é' * 40).encode()).hexdigest() (two 64-byte blocks, UTF-8).
    expect(md5Hex('é'.repeat(40))).toBe('639258863c18c505cc2183a5e4b63394');
  });
});
