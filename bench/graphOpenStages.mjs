// The stage breakdown of one graph-editor open, from what the webview's `#graph-status` probe holds: page-clock
// stamps (`…At`, moved onto the wall clock with the page's performance.timeOrigin), durations (`…Ms`), and
// `stamps`, a JSON object of wall-clock stamps written along the way (host, its worker, the webview).

/**
 * `status`: the probe's dataset plus the webview page's `timeOrigin`; `clickAt`: the wall-clock time of the click.
 * Returns the times from the click to the first and the inferred frame, the stages to the first frame (`stages`, ms
 * each), every stamp relative to the click in time order (`timeline`), and the durations the page measured.
 */
export function graphOpenStages(status, clickAt) {
  const wall = (pageMs) => (status[pageMs] === undefined ? null : Math.round(status.timeOrigin + Number(status[pageMs]) - clickAt));
  const stamps = status.stamps ? JSON.parse(status.stamps) : {};
  const timeline = Object.entries(stamps)
    .map(([stage, at]) => ({ stage, atMs: Math.round(at - clickAt) }))
    .sort((a, b) => a.atMs - b.atMs);
  const durations = {};
  for (const key of ['parseMs', 'scriptToPayloadMs', 'treeMs', 'workerPostedMs', 'workerInitMs', 'layoutMs', 'firstPaintMs']) {
    if (status[key] !== undefined) durations[key] = Math.round(Number(status[key]));
  }
  const firstFrameMs = wall('firstFrameAt');
  return { firstFrameMs, inferredFrameMs: wall('inferredFrameAt'), stages: firstFrameStages(stamps, clickAt, firstFrameMs), timeline, durations };
}

/**
 * The path to the first frame as consecutive stages (ms each; a stage whose stamps are missing is left out). The
 * payload drawn first is the declared one for a large graph parsed now, else the inferred one (small graph, cache).
 */
function firstFrameStages(stamps, clickAt, firstFrameMs) {
  const first = stamps.declaredScene !== undefined ? 'declared' : 'inferred';
  const at = (name) => (stamps[name] === undefined ? undefined : stamps[name] - clickAt);
  const delivered = (posted, script) => (posted === undefined || script === undefined ? undefined : Math.max(posted, script));
  const steps = [
    ['vscodeOpensEditor', 0, at('resolve')],
    ['webviewBoot', at('resolve'), at('script')],
    ...(stamps.parsed === undefined
      ? [['cacheRead', at('resolve'), at('cacheChecked')]]
      : [
          ['workerStart', at('cacheChecked'), at('workerStarted')],
          ['hostParse', at('workerStarted'), at('parsed')],
          ['payloadBuild', at('parsed'), at(`${first}Built`)],
          ['encodeCompress', at(`${first}Built`), at(`${first}Encoded`)],
        ]),
    // The host posts as soon as it has the payload; the page takes it once its script runs.
    ['waitForWebview', at(`${first}Encoded`) ?? at('cacheChecked'), delivered(at(`${first}Posted`), at('script'))],
    ['transferToWebview', delivered(at(`${first}Posted`), at('script')), at(`${first}Received`)],
    ['webviewDecode', at(`${first}Received`), at(`${first}Decoded`)],
    ['groupTree', at(`${first}Decoded`), at(`${first}Tree`)],
    ['layout', at(`${first}Tree`), at(`${first}Scene`)],
    ['draw', at(`${first}Scene`), firstFrameMs ?? undefined],
  ];
  const stages = {};
  for (const [name, from, to] of steps) if (from !== undefined && to !== undefined) stages[name] = Math.max(0, Math.round(to - from));
  return stages;
}
