// What the e2e tests and the benchmarks read from a webview page: data attributes on a few elements, declared here
// with their names and meanings so that production code writes them through one typed door and reads none back.
// Attribute `fooBar` appears in the page as `data-foo-bar`.

/** Writes one element's probe attributes. */
export class Probe<Fields extends object> {
  constructor(readonly element: HTMLElement) {}

  /** Sets these attributes (numbers as decimal text). */
  set(values: { [K in keyof Fields]?: string | number }): void {
    for (const [key, value] of Object.entries(values)) if (value !== undefined) this.element.dataset[key] = String(value);
  }

  /** Sets `key` only the first time (a first-frame time stays the first). */
  once(key: keyof Fields & string, value: string | number): void {
    this.element.dataset[key] ??= String(value);
  }

  /** Appends `value` to the comma-separated list in `key`. */
  append(key: keyof Fields & string, value: string): void {
    this.element.dataset[key] = [this.element.dataset[key], value].filter(Boolean).join(',');
  }

  /** Adds one to the counter in `key`. */
  count(key: keyof Fields & string): void {
    this.element.dataset[key] = String(Number(this.element.dataset[key] ?? 0) + 1);
  }
}

/** A millisecond figure as the probes write it. */
export function ms(value: number): string {
  return value.toFixed(1);
}

/**
 * The graph editor's `#graph-status` element (hidden), read by test/e2e/graph.e2e.test.mjs and bench/graphPaint.bench.mjs.
 * Times ending in `At` are page-clock stamps; those ending in `Ms` are durations.
 */
export interface GraphStatus {
  /** Layers Compare Models marked (graph/diffMarks), and the items drawn outlined for them (a collapsed group holds several). */
  diffMarks: string;
  diffMarked: string;
  /** `loading` (as the page is served), `ready` once a scene of the payload is laid out (not at the overview), `error` when the model could not be shown. */
  state: string;
  /**
   * What was shown, in order: `overview` (a graph of over 1000 nodes: its top-level scene, built by the host, drawn
   * until the payload's first scene is laid out), then the payloads: `declared,inferred` for a large graph, `inferred`.
   */
  payloads: string;
  /** `1` when the payload shown is the inferred one. */
  inferred: string;
  nodes: string;
  /** Top-level groups, and groups at every depth. */
  groups: string;
  totalGroups: string;
  format: string;
  /** The model file shown. */
  path: string;
  /** Items in the scene, expanded groups, and the levels the layout worker has computed. */
  items: string;
  expanded: string;
  levelsComputed: string;
  /**
   * JSON of up to 100 groups to click (`[{id, x, y}]`, centres on screen; an open group's centre is on its title): the
   * top-level groups and the collapsed groups at any depth whose centre is on screen, those on screen first.
   */
  topGroups: string;
  /** The selected item's key (`n:3`, `g:encoder`), '' for none. */
  selected: string;
  /** JSON `{x, y, width, height}`: the selected item's box on screen in canvas pixels, '' for none. */
  selectedBox: string;
  /** JSON array of the text drawn in the last frame (labels cut to their boxes as drawn), the first 300 in draw order. */
  labels: string;
  /** `1` when every item of the scene is joined to a graph input by drawn edges (the scene is one piece). */
  connected: string;
  /** JSON array of the distinct group labels of the group tree, at every depth. */
  groupLabels: string;
  /** Milliseconds the last frame took to draw the scene (without the minimap). */
  drawMs: string;
  /** The body's theme class the canvas was drawn for: `vscode-dark`, `vscode-light`, `vscode-high-contrast`, `vscode-high-contrast-light`. */
  theme: string;
  results: string;
  /** The path the last image export was saved to, '' when cancelled or failed. */
  exported: string;
  /** Viewport origin `x,y`, scale, and the items drawn in the last frame. */
  view: string;
  /** The canvas's size `WxH` (CSS pixels) at the last frame; the automatic view kept at a resize (`opening`, `fit`; '' once the user moved the view). */
  canvas: string;
  autoView: string;
  /** Boxes (nodes, collapsed groups, inputs, outputs) under the colour legend on screen: a fit leaves them none. */
  legendCovers: string;
  scale: string;
  drawn: string;
  firstFrameAt: string;
  inferredFrameAt: string;
  firstPaintMs: string;
  layoutMs: string;
  workerInitMs: string;
  treeMs: string;
  parseMs: string;
  scriptToPayloadMs: string;
  workerPostedMs: string;
  /** JSON `{stage: epoch ms}`: wall-clock stamps of the load's stages (host, its worker, this page), one clock for the benchmark. */
  stamps: string;
  /** `1` when the payload shown came from the host's payload cache. */
  cached: string;
  /** JSON array of the progress lines shown over the canvas, in order; `progressDone` is `1` once the line is gone (inferred graph drawn). */
  progressShown: string;
  progressDone: string;
  /** The node colouring drawn: `op`, `params`, `macs`, or `time` while a profile overlay is shown and chosen. */
  colourMode: string;
  /** Graph nodes the profile overlay has time for (0 without one), and names in it that match no node of the graph. */
  profiledNodes: string;
  profileUnmatched: string;
  /** The profile overlay's label (`cpu · 10 runs`), '' without one. */
  profile: string;
  /** The name of the node the last named reveal (from the Profile panel) selected, once it is centred on screen. */
  revealedNode: string;
}

/** A scalar chart's element (`.ts-chart`), read by test/e2e/training.e2e.test.mjs and bench/trainingFrame.bench.mjs. */
export interface ChartStatus {
  /** Points drawn at the last redraw (after downsampling), and in the full series. */
  drawn: string;
  total: string;
  /** The last redraw's time through uPlot's canvas commit, and how many redraws there were. */
  drawMs: string;
  draws: string;
}

/** The Training panel's status line (`.ts-status`): the last seq it drew. */
export interface TrainingStatus {
  seq: string;
}

/**
 * The profile webview's `#profile-status` element (hidden), read by test/e2e/profile*.e2e.test.mjs and
 * bench/timelineFps.bench.mjs. Times ending in `Ms` are durations.
 */
export interface ProfileStatus {
  /** `loading` (before anything arrived), `progress`, `trace`, `model` or `failure`. */
  state: string;
  /** The tab shown (`overview`, `operators`, `kernels`, `memory`, `timeline`, `diff`; `summary`, `nodes`, `ops`, `run` for a model), and every tab offered, comma-separated. */
  tab: string;
  tabs: string;
  /** JSON `{table: rows shown after the filter}` for every table built (operators, kernels, steps, nodes, ops, diffOps, diffKernels…). */
  rows: string;
  /** JSON `{table: rows before the filter}`. */
  totalRows: string;
  /** The failure's message as shown, and the progress text. */
  failure: string;
  progress: string;
  /** Events in the timeline data, rows (tracks × depths) and tracks. */
  timelineEvents: string;
  timelineRows: string;
  timelineTracks: string;
  /** Of the last frame: boxes filled, names written, rows in view, spans visited, the LOD level's merge threshold (µs), and its draw time. */
  drawnBoxes: string;
  drawnLabels: string;
  drawnRows: string;
  spansVisited: string;
  lodThresholdUs: string;
  drawMs: string;
  /** Frames drawn so far. */
  frames: string;
  /** Viewport `t0,usPerPx,scrollY` (µs from the trace start, µs per pixel, pixels). */
  view: string;
  /** The selected event's index, name, and the flow arrows drawn for it ('' / -1 when none). */
  selected: string;
  selectedName: string;
  selectedFlows: string;
  /** Search matches, and the one stepped to (0-based, -1 for none). */
  matches: string;
  matchIndex: string;
  /** The body's theme class the page was drawn for. */
  theme: string;
  /** The last command posted to the host (its method), for tests of row clicks and buttons. */
  lastCommand: string;
}

/** The Compare Models page's `#compare-status` element (hidden), read by test/e2e/compare.e2e.test.mjs. */
export interface CompareStatus {
  /** `loading`, `computing`, `ready` or `error`. */
  state: string;
  /** The diff's counts of layers added, removed, changed, renamed, and of weights changed. */
  added: string;
  removed: string;
  changed: string;
  renamed: string;
  weightsChanged: string;
  /** `1` when weight statistics were read. */
  weightStats: string;
  /** Rows shown in the layer and weight tables after the filter. */
  rows: string;
  /** The last command posted to the host (its method). */
  lastCommand: string;
}
