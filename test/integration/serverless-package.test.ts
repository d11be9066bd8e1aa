/**
 * `serverless package`, offline, on the built bundles: the CloudFormation template holds
 * the bucket, both functions with their triggers, the schedule and least-privilege roles,
 * and each function's artefact is its bundle and chunks (segmentation's with the WebAssembly
 * kernels inside, and the worker thread that builds its trees).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRIGGERS } from '../../src/local/triggers.js';
import { ingestUpload, removeUpload } from '../../src/pipeline/ingest-upload.js';
import { segmentDataset } from '../../src/pipeline/segment-dataset.js';
import { inThisThread, onWorkerThread } from '../../src/segment/hierarchies.js';
import { LINKAGES } from '../../src/segment/models.js';
import { DEFAULT_SEGMENT_OPTIONS } from '../../src/segment/options.js';
import { FsStorage } from '../../src/storage/fs.js';
import { sharedPath } from '../fixtures.js';
import { RecordingStorage } from '../support/recording-storage.js';

type Resource = { Type: string; Properties: Record<string, any> };
let resources: Record<string, Resource>;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'segmint-sls-'));
  await promisify(execFile)(process.execPath, [path.resolve('node_modules/osls/bin/serverless.js'), 'package', '--package', out], {
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    timeout: 120_000,
  });
  const template = JSON.parse(await readFile(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
}, 180_000);

const byFunctionAndEvent = (a: { function: string; event: string }, b: { function: string; event: string }) =>
  a.function.localeCompare(b.function) || a.event.localeCompare(b.event);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** The files of a zip archive (central directory), with their uncompressed bytes. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(offset + 10);
  offset = zip.readUInt32LE(offset + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30);
    const comment = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(zip.subarray(dataStart, dataStart + zip.readUInt32LE(offset + 20))) : data);
    offset += 46 + nameLength + extra + comment;
  }
  return files;
}

interface NotificationRule {
  function: string;
  event: string;
  prefix: string;
  suffix?: string;
}

function notificationRules(): NotificationRule[] {
  const [, bucket] = ofType('AWS::S3::Bucket').find(([name]) => name !== 'ServerlessDeploymentBucket')!;
  return (
    bucket.Properties.NotificationConfiguration.LambdaConfigurations as {
      Event: string;
      Function: { 'Fn::GetAtt': [string, string] };
      Filter: { S3Key: { Rules: { Name: string; Value: string }[] } };
    }[]
  ).map((n) => ({
    function: n.Function['Fn::GetAtt'][0].replace(/LambdaFunction$/, '').toLowerCase(),
    event: n.Event,
    ...Object.fromEntries(n.Filter.S3Key.Rules.map((r) => [r.Name.toLowerCase(), r.Value])),
  })) as NotificationRule[];
}

/** The functions the template lets an event of `kind` on `key` invoke. */
function invokedBy(rules: NotificationRule[], kind: 'ObjectCreated' | 'ObjectRemoved', key: string): string[] {
  return rules
    .filter((r) => r.event === `s3:${kind}:*` && key.startsWith(r.prefix) && (r.suffix === undefined || key.endsWith(r.suffix)))
    .map((r) => r.function);
}

describe('serverless package', () => {
  it('declares the data bucket with its event triggers matching the local stack’s', () => {
    const declared = notificationRules().sort(byFunctionAndEvent);
    expect(declared).toEqual(
      TRIGGERS.map((t) => ({ function: t.function, event: `s3:${t.event}*`, prefix: t.prefix, ...(t.suffix ? { suffix: t.suffix } : {}) })).sort(
        byFunctionAndEvent,
      ),
    );
  });

  it('lets nothing a function writes or deletes trigger itself, and nothing segmentation writes trigger anything', async () => {
    const rules = notificationRules();
    const ingestStorage = new RecordingStorage(new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-recursion-'))));
    const uploads = {
      'uploads/shop/a b+c.csv': await readFile(sharedPath('data', 'online_retail_sample.csv')),
      'uploads/shop/ii.csv': await readFile(sharedPath('data', 'online_retail_II_sample.csv')),
      'uploads/shop/broken.csv': Buffer.from('order,sku\n1,2\n'),
      'uploads/lone.csv': await readFile(sharedPath('data', 'online_retail_sample.csv')),
    };
    for (const [key, body] of Object.entries(uploads)) {
      await ingestStorage.put(key, body, { contentType: 'text/csv' });
      await ingestUpload({ storage: ingestStorage }, key);
    }
    await ingestStorage.delete('uploads/shop/ii.csv');
    await removeUpload({ storage: ingestStorage }, 'uploads/shop/ii.csv');
    const byUser = new Set(Object.keys(uploads));
    const ingestPuts = ingestStorage.puts.filter((key) => !byUser.has(key));
    const ingestDeletes = ingestStorage.deletes.filter((key) => !byUser.has(key));
    expect(ingestPuts.length).toBeGreaterThanOrEqual(6);
    for (const key of ingestPuts) expect(invokedBy(rules, 'ObjectCreated', key), key).not.toContain('ingest');
    for (const key of ingestDeletes) expect(invokedBy(rules, 'ObjectRemoved', key), key).not.toContain('ingest');

    const segmentStorage = new RecordingStorage(ingestStorage);
    for (const dataset of ['shop', 'default']) await segmentDataset({ storage: segmentStorage }, dataset);
    await segmentDataset({ storage: segmentStorage }, 'shop', { ...DEFAULT_SEGMENT_OPTIONS, modelFeatures: [] }); // the failure report
    await ingestStorage.delete('uploads/lone.csv');
    await segmentDataset({ storage: segmentStorage }, 'default'); // the last upload gone: latest.json goes
    expect(segmentStorage.puts.some((key) => key.endsWith('segment.error.json'))).toBe(true);
    expect(segmentStorage.deletes).toContain('results/default/latest.json');
    for (const key of segmentStorage.puts) expect(invokedBy(rules, 'ObjectCreated', key), key).toEqual([]);
    for (const key of segmentStorage.deletes) expect(invokedBy(rules, 'ObjectRemoved', key), key).toEqual([]);
  });

  it('runs every function on nodejs22.x from its bundle, segmentation one at a time', () => {
    const fn = (name: string) => resources[`${name}LambdaFunction`].Properties;
    expect(fn('Ingest')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'dist/functions/ingest.handler' });
    expect(fn('Segment')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'dist/functions/segment.handler', ReservedConcurrentExecutions: 1 });
    expect(fn('SplitPlan')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'dist/functions/split.plan' });
    expect(fn('SplitRange')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'dist/functions/split.ingestRange' });
    expect(fn('SplitMerge')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'dist/functions/split.merge' });
  });

  it('fans a large upload out over Step Functions: the local stack’s definition, its tasks, and who may start it', async () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine');
    const definition = JSON.parse(await readFile('statemachines/split-ingest.asl.json', 'utf8'));
    expect(machine.Properties.Definition).toEqual(definition);
    expect(definition.States.IngestRanges.Type).toBe('Map');
    expect(machine.Properties.DefinitionSubstitutions).toEqual({
      SplitPlanFunctionArn: { 'Fn::GetAtt': ['SplitPlanLambdaFunction', 'Arn'] },
      SplitRangeFunctionArn: { 'Fn::GetAtt': ['SplitRangeLambdaFunction', 'Arn'] },
      SplitMergeFunctionArn: { 'Fn::GetAtt': ['SplitMergeLambdaFunction', 'Arn'] },
    });
    const invoke = resources.SplitStateMachineRole.Properties.Policies[0].PolicyDocument.Statement[0];
    expect(invoke.Action).toBe('lambda:InvokeFunction');
    expect(invoke.Resource).toHaveLength(3);
    expect(resources.IngestLambdaFunction.Properties.Environment.Variables.SEGMINT_SPLIT_STATE_MACHINE).toEqual({
      Ref: 'SplitIngestStateMachine',
    });
    expect(resources.IngestRole.Properties.Policies[0].PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: 'states:StartExecution',
      Resource: { Ref: 'SplitIngestStateMachine' },
    });
  });

  it('hashes customer ids with a generated key that CloudFormation hands every function', () => {
    expect(resources.IdSecret.Type).toBe('AWS::SecretsManager::Secret');
    expect(resources.SegmentLambdaFunction.Properties.Environment.Variables.SEGMINT_ID_SECRET).toEqual({
      'Fn::Sub': '{{resolve:secretsmanager:${IdSecret}:SecretString}}',
    });
  });

  it('sends events that failed after Lambda’s retries to a failure queue', () => {
    for (const name of ['Ingest', 'Segment']) {
      const [, config] = ofType('AWS::Lambda::EventInvokeConfig').find(([, r]) => r.Properties.FunctionName.Ref === `${name}LambdaFunction`)!;
      expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['FailureQueue', 'Arn'] });
      const role = resources[`${name}Role`].Properties.Policies[0].PolicyDocument.Statement;
      expect(role).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['FailureQueue', 'Arn'] } });
    }
  });

  it('re-segments on a schedule', () => {
    const [[, rule]] = ofType('AWS::Events::Rule');
    expect(rule.Properties.ScheduleExpression).toMatch(/^cron\(/);
    expect(rule.Properties.Targets[0].Arn['Fn::GetAtt'][0]).toBe('SegmentLambdaFunction');
    expect(JSON.parse(rule.Properties.Targets[0].Input)).toEqual({ dataset: '' });
  });

  it('gives each function a role allowed only the prefixes it reads and writes', () => {
    type Statement = { Action: string | string[]; Resource: unknown; Condition?: { StringLike: { 's3:prefix': string[] } } };
    const statements = (role: string): Statement[] =>
      resources[role].Properties.Policies[0].PolicyDocument.Statement.filter((s: Statement) =>
        [s.Action].flat().some((a) => a.startsWith('s3:')),
      );
    const grants = (role: string) =>
      statements(role).map((s) => ({
        actions: [s.Action].flat().sort(),
        resources: [s.Resource].flat().map((r) => String(r).replace(/^arn:aws:s3:::[^/]+/, '')),
        ...(s.Condition ? { listPrefixes: s.Condition.StringLike['s3:prefix'] } : {}),
      }));
    expect(grants('IngestRole')).toEqual([
      { actions: ['s3:GetObject'], resources: ['/uploads/*', '/config/*', '/partials/*'] },
      { actions: ['s3:DeleteObject', 's3:PutObject'], resources: ['/partials/*', '/reports/*'] },
      { actions: ['s3:ListBucket'], resources: [''], listPrefixes: ['uploads/*', 'config/*', 'partials/*'] },
    ]);
    expect(grants('SegmentRole')).toEqual([
      { actions: ['s3:GetObject'], resources: ['/partials/*'] },
      { actions: ['s3:DeleteObject', 's3:PutObject'], resources: ['/results/*', '/reports/*'] },
      { actions: ['s3:ListBucket'], resources: [''], listPrefixes: ['partials/*', 'uploads/*'] },
    ]);
    expect(grants('SplitRole')).toEqual([
      { actions: ['s3:GetObject'], resources: ['/uploads/*', '/config/*', '/staging/*', '/partials/*'] },
      { actions: ['s3:DeleteObject', 's3:PutObject'], resources: ['/staging/*', '/partials/*', '/reports/*'] },
      { actions: ['s3:ListBucket'], resources: [''], listPrefixes: ['uploads/*', 'config/*', 'staging/*', 'partials/*'] },
    ]);
    expect(resources.IngestLambdaFunction.Properties.Role['Fn::GetAtt'][0]).toBe('IngestRole');
    expect(resources.SegmentLambdaFunction.Properties.Role['Fn::GetAtt'][0]).toBe('SegmentRole');
  });

  it('ships each function as its esbuild bundle and the chunks it imports, with the WebAssembly kernels inside', async () => {
    const wasm = await readFile('build/kernels.wasm');
    const artefacts = { ingest: 'ingest', segment: 'segment', splitPlan: 'split', splitRange: 'split', splitMerge: 'split' };
    for (const [fn, bundleName] of Object.entries(artefacts)) {
      const files = unzip(await readFile(path.join(out, `${fn}.zip`)));
      // Everything the bundle imports, statically or on demand (exceljs), and nothing else.
      const shipped = new Set<string>();
      const follow = (file: string) => {
        if (shipped.has(file)) return;
        shipped.add(file);
        shipped.add(`${file}.map`);
        const code = files.get(file);
        expect(code, `${fn}.zip holds ${file}`).toBeDefined();
        for (const [, chunk] of code!.toString('utf8').matchAll(/["'](\.\.?\/(?:chunks\/)?[\w-]+\.mjs)["']/g)) {
          follow(path.posix.join(path.posix.dirname(file), chunk));
        }
      };
      follow(`dist/functions/${bundleName}.mjs`);
      expect([...files.keys()].sort()).toEqual([...shipped].sort());
      expect([...shipped].some((file) => file.includes('-excel-'))).toBe(bundleName !== 'segment');
      // esbuild's binary loader inlines the module as base64 (in a chunk segmentation shares with
      // its worker thread); only segmentation runs the kernels.
      const kernels = Buffer.from(wasm.toString('base64').slice(0, 64));
      expect([...shipped].some((file) => files.get(file)?.includes(kernels))).toBe(fn === 'segment');
      expect(shipped.has('dist/functions/hierarchy-thread.mjs')).toBe(fn === 'segment');
    }
  });

  it("runs the segment artefact's worker thread on its own, outside the checkout: the trees this thread builds", async () => {
    const files = unzip(await readFile(path.join(out, 'segment.zip')));
    const root = await mkdtemp(path.join(tmpdir(), 'segmint-segment-zip-'));
    for (const [name, bytes] of files) {
      await mkdir(path.join(root, path.dirname(name)), { recursive: true });
      await writeFile(path.join(root, name), bytes);
    }
    const points = Float64Array.from({ length: 600 * 3 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const request = { points, n: 600, d: 3, linkages: LINKAGES, seed: 1, silhouetteSampleSize: 10_000 };
    const trees = await Promise.all(onWorkerThread(path.join(root, 'dist/functions/hierarchy-thread.mjs')).build(request));
    expect(trees.map((t) => t.hierarchy.engine)).toEqual(['nn-chain', 'nn-chain', 'nn-chain']);
    expect(trees).toEqual(await Promise.all(inThisThread.build(request)));
  });
});
