/**
 * Child of the synth bench: engineer A's `benchSynth()` (bench/synth.ts) for
 * 2,000 resources, timed here around the call (module load included, as a
 * `tfdoctor synth` run pays it), with the process's peak memory.
 */
const resources = Number(process.argv[2] ?? 2000);
const t0 = performance.now();
// A variable specifier: bench/synth.ts is engineer A's file and may land after this one.
const specifier = './synth.js';
const mod = (await import(specifier)) as { benchSynth: (opts?: unknown) => unknown };
const t1 = performance.now();
const result = await mod.benchSynth({ resources });
const t2 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    loadMs: t1 - t0,
    synthMs: t2 - t1,
    totalMs: t2 - t0,
    peakRss: process.resourceUsage().maxRSS * 1024,
    result: typeof result === 'object' && result !== null ? result : { value: result },
  })}\n`,
);
