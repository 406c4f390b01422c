// The stage breakdown of one graph-editor open, from what the webview's `#graph-status` probe holds: page-clock
// stamps (`…At`, moved onto the wall clock with the page's performance.timeOrigin), durations (`…Ms`), and
// `stamps`, a JSON object of wall-clock stamps written along the way (host, its worker, the webview).

/**
 * `status`: the probe's dataset plus the webview page's `timeOrigin`; `clickAt`: the wall-clock time of the click.
 * Returns the times from the click to the first and the inferred frame, every stamp relative to the click in time
 * order (`timeline`), and the durations the page measured (`durations`).
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
  return { firstFrameMs: wall('firstFrameAt'), inferredFrameMs: wall('inferredFrameAt'), timeline, durations };
}
