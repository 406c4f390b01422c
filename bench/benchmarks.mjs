// The table of benchmarks `npm run bench` runs, in order. Add a row per new benchmark module.
// A module exports `run()` resolving to one result: { name, unit, value, target?, pass?, samples?, ...details }.

/** Every benchmark: its name (for `npm run bench -- <name>`) and a lazy import of its module. */
export const benchmarks = [
  { name: 'activation', load: () => import('./activation.bench.mjs') },
  { name: 'summary', load: () => import('./summary.bench.mjs') },
  { name: 'eventsParse', load: () => import('./eventsParse.bench.mjs') },
  { name: 'graphLayout', load: () => import('./graphLayout.bench.mjs') },
  { name: 'graphOpen', load: () => import('./graphOpen.bench.mjs') },
  { name: 'graphPaint', load: () => import('./graphPaint.bench.mjs') },
  { name: 'gpuSample', load: () => import('./gpuSample.bench.mjs') },
  { name: 'trainingFrame', load: () => import('./trainingFrame.bench.mjs') },
  { name: 'timelineFps', load: () => import('./timelineFps.bench.mjs') },
  { name: 'trainingLatency', load: () => import('./trainingLatency.bench.mjs') },
  { name: 'launcherOverhead', load: () => import('./launcherOverhead.bench.mjs') },
  { name: 'outputThroughput', load: () => import('./launcherThroughput.bench.mjs') },
  { name: 'metricLatency', load: () => import('./metricLatency.bench.mjs') },
  { name: 'ortProfile', load: () => import('./ortProfile.bench.mjs') },
  { name: 'traceSummary', load: () => import('./traceSummary.bench.mjs') },
  { name: 'tfjsTraining', load: () => import('./tfjsTraining.bench.mjs') },
  { name: 'formatSummaries', load: () => import('./formatSummaries.bench.mjs') },
];
