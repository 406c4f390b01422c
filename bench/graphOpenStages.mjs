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
  // With an overview drawn first, the first scene of the full payload comes later: when, from the click.
  const scene = stamps.declaredScene ?? stamps.inferredScene;
  const fullSceneMs = scene === undefined ? null : Math.round(scene - clickAt);
  return { firstFrameMs, inferredFrameMs: wall('inferredFrameAt'), fullSceneMs, overviewFirst: stamps.overviewDrawn !== undefined, stages: firstFrameStages(stamps, clickAt, firstFrameMs), timeline, durations };
}

/**
 * The path to the first frame as consecutive stages (ms each; a stage whose stamps are missing is left out). What is
 * drawn first: the overview of a graph that opens collapsed (built in the host's worker right after the first payload,
 * or read from the cache), else the payload: the declared one for a large graph parsed now, else the inferred one.
 */
function firstFrameStages(stamps, clickAt, firstFrameMs) {
  if (stamps.overviewDrawn !== undefined) return overviewStages(stamps, clickAt, firstFrameMs);
  const first = stamps.declaredScene !== undefined ? 'declared' : 'inferred';
  const at = (name) => (stamps[name] === undefined ? undefined : stamps[name] - clickAt);
  const delivered = (posted, script) => (posted === undefined || script === undefined ? undefined : Math.max(posted, script));
  const steps = [
    ...hostStages(stamps, at, at(`${first}Built`), ['encodeCompress', at(`${first}Built`), at(`${first}Encoded`)]),
    // The host posts as soon as it has the payload; the page takes it once its script runs.
    ['waitForWebview', at(`${first}Encoded`) ?? at('cacheChecked'), delivered(at(`${first}Posted`), at('script'))],
    ['transferToWebview', delivered(at(`${first}Posted`), at('script')), at(`${first}Received`)],
    ['webviewDecode', at(`${first}Received`), at(`${first}Decoded`)],
    ['groupTree', at(`${first}Decoded`), at(`${first}Tree`)],
    ['layout', at(`${first}Tree`), at(`${first}Scene`)],
    ['draw', at(`${first}Scene`), firstFrameMs ?? undefined],
  ];
  return stagesOf(steps);
}

/** The path to a first frame that drew the overview: the host's load up to the overview, its trip, and the draw. */
function overviewStages(stamps, clickAt, firstFrameMs) {
  const at = (name) => (stamps[name] === undefined ? undefined : stamps[name] - clickAt);
  const built = at('declaredBuilt') ?? at('inferredBuilt');
  const delivered = at('overviewPosted') === undefined || at('script') === undefined ? undefined : Math.max(at('overviewPosted'), at('script'));
  return stagesOf([
    ...hostStages(stamps, at, built, ['overviewBuild', built, at('overviewBuilt')]),
    ['waitForWebview', at('overviewBuilt') ?? at('cacheChecked'), delivered],
    ['transferToWebview', delivered, at('overviewReceived')],
    ['draw', at('overviewReceived'), firstFrameMs ?? undefined],
  ]);
}

/**
 * The stages both paths share: VS Code opens the editor, the webview boots, then the host reads its cache or parses
 * and builds the payload (done at `built`), followed by `after` (what the host does next with it).
 */
function hostStages(stamps, at, built, after) {
  return [
    ['vscodeOpensEditor', 0, at('resolve')],
    ['webviewBoot', at('resolve'), at('script')],
    ...(stamps.parsed === undefined
      ? [['cacheRead', at('resolve'), at('cacheChecked')]]
      : [
          ['workerStart', at('cacheChecked'), at('workerStarted')],
          ['hostParse', at('workerStarted'), at('parsed')],
          ['payloadBuild', at('parsed'), built],
          after,
        ]),
  ];
}

function stagesOf(steps) {
  const stages = {};
  for (const [name, from, to] of steps) if (from !== undefined && to !== undefined) stages[name] = Math.max(0, Math.round(to - from));
  return stages;
}
