// Training throughput of the issue's `cnn3` (3×3 convs 16/32/64 + BatchNorm + ReLU, max-pool
// after the first two, global average pool, dropout, dense 10; batch 64, Adam, model.fit) on
// synthetic 28×28×1 and 32×32×3 data: plain tfjs-wasm vs wasm + native kernels (1 process) vs
// 2 native worker processes vs PyTorch CPU (bench/pytorch_cnn.py, when `import torch` works).
// Every configuration runs in its own child process; ratios are taken within one repetition,
// because the machine is shared and timings drift.
//   npx tsc -p tsconfig.build.json && node bench/native-cnn.mjs [--reps 3] [--inputs 28x28x1,32x32x3]
//     [--nets cnn3,nb201,mbconv]   (nb201/mbconv: networks from src/train's builders, no PyTorch twin)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { cnn3 } from './cnn3.mjs';
import { KernelTimer } from './kernel-timer.mjs';

const SELF = fileURLToPath(import.meta.url);
const BATCH = 64;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** Networks of the trainer's spaces, built by src/train's builders. */
const TRAINER_NETS = {
  nb201: { kind: 'nb201', cell: '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|', channels: 16, cellsPerStage: 1 },
  mbconv: {
    kind: 'mbconv',
    stemChannels: 16,
    headChannels: 128,
    stages: [
      { channels: 16, depth: 1, kernel: 3, expansion: 1, se: false, stride: 1 },
      { channels: 24, depth: 2, kernel: 3, expansion: 4, se: true, stride: 2 },
      { channels: 40, depth: 2, kernel: 5, expansion: 4, se: true, stride: 2 },
    ],
  },
};

async function trainerNet(net, sampleShape) {
  const { buildModel, parseArchSpec } = await import('../dist/train/index.js');
  const { Rng } = await import('../dist/core/index.js');
  return buildModel(parseArchSpec(TRAINER_NETS[net]), { sampleShape, numClasses: 10 }, new Rng(1));
}

/**
 * cnn3 as jars builds its networks (src/train's layers: conv/dense with per-input gradients,
 * batch norm as one native kernel in training) and trained by jars' loop (native optimizer
 * step): the same network and the same Adam(1e-3) steps as model.fit, with jars' trainer.
 */
async function jarsRun(tf, h, w, c, batches) {
  const { FusedBatchNormalization, LazyGradConv2D, LazyGradDense, trainModel } = await import('../dist/train/index.js');
  const { parseRecipe } = await import('../dist/space/index.js');
  const { Rng } = await import('../dist/core/index.js');
  const layers = {
    conv2d: (args) => new LazyGradConv2D(args),
    batchNormalization: (args) => new FusedBatchNormalization(args),
    dense: (args) => new LazyGradDense(args),
  };
  const model = cnn3(tf, h, w, c, { layers, logits: true });
  const recipe = parseRecipe({ optimizer: 'adam', lr: 1e-3, schedule: 'constant', batchSize: BATCH, epochs: 1 });
  const rng = new Rng(1);
  const data = (n) => {
    const xs = new Float32Array(n * h * w * c);
    for (let i = 0; i < xs.length; i++) xs[i] = rng.normal();
    return { name: 'synthetic', x: xs, y: Int32Array.from({ length: n }, () => rng.int(10)), sampleShape: [h, w, c], numClasses: 10, maxValue: 1 };
  };
  trainModel(model, data(2 * BATCH), recipe, new Rng(2));
  const train = data(batches * BATCH);
  const cpu = process.cpuUsage();
  const result = trainModel(model, train, recipe, new Rng(3));
  return { images: batches * BATCH, seconds: result.trainSeconds, cpuSeconds: cpuSecondsSince(cpu) };
}

/** CPU seconds of this process since `since`: unlike wall time, unaffected by other processes' load. */
function cpuSecondsSince(since) {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

function timeKernels(tf) {
  const timer = new KernelTimer(tf);
  process.on('exit', () => {
    process.stderr.write(`in kernels ${timer.totalMs().toFixed(0)} ms
`);
    for (const row of timer.rows(30)) process.stderr.write(`${row}
`);
  });
}

async function child() {
  const mode = arg('child');
  const [h, w, c] = arg('input').split('x').map(Number);
  const batches = Number(arg('batches'));
  if (mode === 'plain' || mode === 'jars-plain') process.env.JARS_NATIVE = '0';
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  const { registerWasmGradientKernels } = await import('../dist/native/index.js');
  const { loadNativeKernels } = await import('../dist/native/index.js');
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmGradientKernels();
  // BENCH_EXCLUDE=Name,Name:grad leaves those stock (ablations).
  const status = loadNativeKernels({ exclude: (process.env.BENCH_EXCLUDE ?? '').split(',').filter(Boolean) });
  if (mode !== 'plain' && mode !== 'jars-plain' && !status.loaded) throw new Error(status.reason);
  // BENCH_KERNELS=1: time every wasm kernel (name and input shapes) and print the top ones to
  // stderr at exit. Adds a little overhead per kernel call: not for the throughput figures.
  if (process.env.BENCH_KERNELS === '1') timeKernels(tf);

  if (mode === 'jars' || mode === 'jars-plain') {
    const startMs = Date.now();
    const { images, seconds, cpuSeconds } = await jarsRun(tf, h, w, c, batches);
    process.stdout.write(`${JSON.stringify({ mode, images, seconds, cpuSeconds, startMs, endMs: Date.now(), native: status.loaded })}\n`);
    return;
  }
  const net = arg('net', 'cnn3');
  const model = net === 'cnn3' ? cnn3(tf, h, w, c) : await trainerNet(net, [h, w, c]);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const n = batches * BATCH;
  const x = tf.randomNormal([n, h, w, c], 0, 1, 'float32', 1);
  const y = tf.randomUniform([n, 1], 0, 10, 'int32', 2).cast('float32');
  const warm = tf.slice(x, 0, 2 * BATCH);
  const warmY = tf.slice(y, 0, 2 * BATCH);
  await model.fit(warm, warmY, { batchSize: BATCH, epochs: 1, verbose: 0 });
  const startMs = Date.now();
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: false });
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  process.stdout.write(`${JSON.stringify({ mode, images: n, seconds, cpuSeconds, startMs, endMs: Date.now(), native: status.loaded })}\n`);
}

/** img per CPU-second of every single-process run, printed at the end. */
const cpuRates = [];

function runChildren(mode, input, batches, count, net = 'cnn3') {
  return Promise.all(
    Array.from({ length: count }, () =>
      new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [SELF, '--child', mode, '--input', input, '--batches', String(batches), '--net', net], {
          env: { ...process.env, JARS_NATIVE_THREADS: '1' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${mode} exited ${code}`))));
      }),
    ),
  ).then((results) => {
    // Throughput over the span in which any worker was timing: conservative for 2 workers.
    const images = results.reduce((s, r) => s + r.images, 0);
    if (count === 1) cpuRates.push({ mode, input, net, perCpuSecond: results[0].images / results[0].cpuSeconds });
    const span = count === 1 ? results[0].seconds : (Math.max(...results.map((r) => r.endMs)) - Math.min(...results.map((r) => r.startMs))) / 1000;
    return images / span;
  });
}

/** A python with torch: $JARS_PYTHON, python3 on PATH, or Debian's (pyenv shims hide it). */
function torchPython() {
  const candidates = [process.env.JARS_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  return candidates.find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

function runTorch(python, input, batches, threads) {
  const out = execFileSync(python, [fileURLToPath(new URL('./pytorch_cnn.py', import.meta.url)), '--input', input, '--batches', String(batches), '--threads', String(threads)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()).imagesPerSecond;
}

async function main() {
  const reps = Number(arg('reps', '3'));
  const inputs = arg('inputs', '28x28x1,32x32x3').split(',');
  const torch = torchPython();
  if (torch === undefined) console.log('PyTorch: skipped (python3 -c "import torch" failed; apt-get install -y python3-torch to compare)');
  const fmt = (v) => (v === undefined ? '—' : v.toFixed(0).padStart(6));
  const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  for (const net of arg('nets', 'cnn3').split(',').filter((n) => n !== 'cnn3')) {
    console.log(`\n${net} (src/train builder) 32x32x3, batch ${BATCH}, Adam, model.fit — img/s (no PyTorch twin)`);
    console.log('rep   plain  native native×2 | native/plain');
    for (let r = 0; r < reps; r++) {
      const plain = await runChildren('plain', '32x32x3', 3, 1, net);
      const native = await runChildren('native', '32x32x3', 15, 1, net);
      const native2 = await runChildren('native', '32x32x3', 15, 2, net);
      console.log(`${String(r + 1).padStart(3)} ${fmt(plain)} ${fmt(native)} ${fmt(native2)} | ${ratio(native, plain).padStart(12)}`);
    }
  }
  if (!arg('nets', 'cnn3').split(',').includes('cnn3')) return;
  for (const input of inputs) {
    console.log(`\ncnn3 ${input}, batch ${BATCH}, Adam, model.fit — img/s`);
    console.log('plain/native: model.fit on stock layers; jars: the same network from jars\' layers trained by jars\' loop (jars-plain: JARS_NATIVE=0)');
    console.log('rep   plain jars-plain native   jars  jars×2  torch1  torch2 | jars/plain  native/plain  jars×2/torch2  jars/torch1');
    for (let r = 0; r < reps; r++) {
      const plain = await runChildren('plain', input, 6, 1);
      const jarsPlain = await runChildren('jars-plain', input, 6, 1);
      const native = await runChildren('native', input, 40, 1);
      const jars = await runChildren('jars', input, 40, 1);
      const jars2 = await runChildren('jars', input, 40, 2);
      const torch1 = torch !== undefined ? runTorch(torch, input, 40, 1) : undefined;
      const torch2 = torch !== undefined ? runTorch(torch, input, 40, 2) : undefined;
      console.log(
        `${String(r + 1).padStart(3)} ${fmt(plain)}     ${fmt(jarsPlain)} ${fmt(native)} ${fmt(jars)} ${fmt(jars2)}  ${fmt(torch1)}  ${fmt(torch2)} | ${ratio(jars, plain).padStart(10)}  ${ratio(native, plain).padStart(12)}  ${ratio(jars2, torch2).padStart(13)}  ${ratio(jars, torch1).padStart(11)}`,
      );
    }
  }
}

if (process.argv.includes('--child')) await child();
else {
  await main();
  // Single-process runs by CPU time: the ratio that holds when other processes load the machine.
  const keyOf = (r) => `${r.net} ${r.input}`;
  for (const key of [...new Set(cpuRates.map(keyOf))]) {
    const rows = cpuRates.filter((r) => keyOf(r) === key);
    const rate = (mode) => rows.find((r) => r.mode === mode)?.perCpuSecond;
    const line = rows.map((r) => `${r.mode} ${r.perCpuSecond.toFixed(0)}`).join(', ');
    const plain = rate('plain');
    const ratios = ['jars', 'native'].filter((m) => rate(m) !== undefined && plain !== undefined).map((m) => `${m}/plain ${(rate(m) / plain).toFixed(2)}×`);
    console.log(`per CPU-second, ${key}: ${line}${ratios.length > 0 ? ` | ${ratios.join(', ')}` : ''}`);
  }
}
