// Graph editor webview: draws a large graph's overview first, receives the payload, keeps the expansion state and the
// viewport, asks the layout worker for scenes, draws them on a canvas and handles pan, zoom, selection and search.
import { ancestorsOf, buildGroupTree, type GroupTree } from '../../core/graph/groupTree';
import { GROUP_TITLE, type Scene } from '../../core/graph/hierarchicalLayout';
import { NodeLineage } from '../../core/graph/nodeLineage';
import { anchor, centerOn, keepInView, toWorld, type Viewport } from '../../core/graph/viewport';
import { GraphDiffMarksNotification, GraphErrorNotification, GraphNotification, GraphOverviewNotification, GraphProfileClearNotification, GraphProfileNotification, GraphProgressNotification, NodeSelectedCommand, ProfileModelCommand, ReadyCommand, RevealNamedNodeNotification, RevealNodeNotification, type GraphPayload, type GraphViewState, type LoadStamps } from '../../core/protocol/graph';
import { decodeGraphPayload } from '../../core/protocol/graphPayloadCodec';
import { HostChannel } from '../common/hostChannel';
import { Probe, ms, type GraphStatus } from '../common/testProbes';
import { attachCanvasInput } from './canvasInput';
import { GraphRenderer, hitTest, type ItemStyle } from './graphRenderer';
import { exportImage } from './exportImage';
import { pageIsDark, pageTheme, watchTheme } from './pageTheme';
import { viewProbes } from './viewProbes';
import { ItemLabels } from './itemLabels';
import { drawMinimap, minimapRect, minimapTransform } from './minimap';
import { unconnectedItems } from './sceneConnected';
import { formatExactCount } from '../../core/display/quantities';
import { opensCollapsed, type GraphOverview } from '../../core/graph/graphOverview';
import { summaryFigures, summaryLine } from '../../core/graph/summaryLine';
import { NO_EMPHASIS, OverviewView } from './overviewView';
import { NodeColoring } from './nodeColoring';
import { showGroupTiming, showNodeTiming } from './profilePane';
import { Flash } from './flash';
import { showGroup, showNode, showTensor, statsRequester } from './propertiesPane';
import { NodeSearch } from './nodeSearch';
import { showLoadError } from './loadError';
import { sceneToSvg } from '../../core/graph/sceneSvg';
import type { LayoutReply, LayoutRequest } from './worker';
import { LoadProgress } from './loadProgress';
import { ViewSizing } from './viewSizing';
import { DiffMarks } from './diffMarks';

/** Past this many nodes, Expand all warns first. */
const EXPAND_ALL_WARNING = 5000;

const host = new HostChannel();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('graph');
const status = new Probe<GraphStatus>($('graph-status'));
const renderer = new GraphRenderer(canvas, pageTheme());
const saved = (host.state as GraphViewState | undefined) ?? { expanded: [] };

let payload: GraphPayload | undefined;
let tree: GroupTree | undefined;
let layoutWorker: Worker | undefined;
let scene: Scene | undefined;
/** A large graph's overview, drawn until the first scene of its payload is laid out. */
let overview: OverviewView | undefined;
/** Whether the scene was laid out from the inferred payload (the declared one of a large graph comes first). */
let sceneInferred = false;
let view: Viewport = saved.viewport ?? { x: 0, y: 0, scale: 1 };
/** The automatic view (made again when the canvas is resized) until the user moves the view. */
const sizing = new ViewSizing(canvas, $('legend'), saved);
let expanded = new Set<string>(saved.expanded);
const coloring = new NodeColoring($<HTMLSelectElement>('color-by'), $('legend'), status, pageIsDark, saved.colorBy ?? 'op', saved.profileSeen, () => (saveState(), redraw()));
/** The last named reveal carried out (the host resends it at every ready), and the flash that marks it. */
let revealSeen = saved.revealSeen;
const flash = new Flash();
let selected: string | null = null;
let related: Set<string> | null = null;
let matches = new Set<string>();
/** Layers Compare Models marked, and the outline colour of each item drawn for them. */
const diffMarks = new DiffMarks();
let marked = new Map<string, string>();
/** The payload's summary line, shown with what Compare Models marked. */
let summaryBase = '';
function showSummary(text = summaryBase): void {
  summaryBase = text;
  const compared = diffMarks.describe();
  $('summary').textContent = compared ? `${text} · ${compared}` : text;
}
let lineage: NodeLineage | undefined;
let requestId = 0;
const pending = new Map<number, (reply: LayoutReply) => void>();
const started = performance.now();
let payloadAt = 0;

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Saves the view state once the view has rested a moment: a wheel zoom settles every frame. */
function saveState(): void {
  probesStale = true;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => (host.state = { expanded: [...expanded], viewport: view, autoView: sizing.kind ?? undefined, viewSize: sizing.size, colorBy: coloring.colorBy, profileSeen: coloring.profileSeen, revealSeen } satisfies GraphViewState), 150);
}

/** Shows `next` and saves it once it rests; undefined: the view stays. Redraws in either case. */
function moveTo(next: Viewport | undefined): void {
  if (next) {
    view = next;
    saveState();
  }
  redraw();
}

let frame = 0;
let showMinimap = true;
function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const full = scene && payload && tree && coloring.overlay ? scene : undefined;
    const shown = full ?? overview?.scene;
    if (!shown) return;
    if (full && labelsOf !== payload) [labels, labelsOf] = [new ItemLabels(payload!, tree!), payload];
    const style = full ? itemStyle : overview!.style;
    const drawStart = performance.now();
    const flashing = full ? flash.at(performance.now()) : null;
    renderer.draw(shown, view, style, full ? { selected, related, matches, flash: flashing, marks: marked } : NO_EMPHASIS);
    if (flashing) redraw();
    const drawMs = performance.now() - drawStart;
    status.once('firstFrameAt', ms(performance.now()));
    if (full && sceneInferred) status.once('inferredFrameAt', ms(performance.now()));
    if (showMinimap) drawMinimap(canvas, shown, view, renderer.theme, style.fill, style.groupFill);
    // The probes of what is drawn describe the payload's scenes (tests read them once that is ready).
    if (!full) return progress.stamp('overviewDrawn');
    status.set({ view: `${view.x.toFixed(1)},${view.y.toFixed(1)}`, canvas: `${canvas.clientWidth}x${canvas.clientHeight}`, autoView: sizing.kind ?? '', drawn: renderer.lastDrawn, scale: view.scale.toFixed(4), labels: JSON.stringify(renderer.labels), theme: renderer.theme.kind, drawMs: ms(drawMs) });
    if (probesStale) setViewProbes(full);
  });
}

/** Whether the view settled since the probes of what is on screen were last written. */
let probesStale = true;

/** Writes the probes of what is on screen: groups to click, and where the selected item is. */
function setViewProbes(shown: Scene): void {
  probesStale = false;
  status.set(viewProbes(shown, view, selected, canvas.clientWidth, canvas.clientHeight, sizing.legendRect()));
}

/** Labels of the payload drawn (a new payload, the inferred one, gets new labels). */
let labels: ItemLabels | undefined;
let labelsOf: GraphPayload | undefined;
const itemStyle: ItemStyle = {
  label: (item) => coloring.label(item, labels!.label(item)),
  fill: (item) => (item.kind === 'node' ? labels!.fill(item, coloring.overlay!) : renderer.theme.groupFill),
  groupFill: (item) => coloring.groupFill(item),
};

/** Asks the worker for the scene of the current expansion; keeps `anchorKey`'s box where it was on screen. */
async function relayout(anchorKey?: string): Promise<void> {
  const id = ++requestId;
  const reply = await new Promise<LayoutReply>((resolve) => {
    pending.set(id, resolve);
    layoutWorker!.postMessage({ kind: 'scene', id, expanded: [...expanded] } satisfies LayoutRequest);
  });
  if (reply.kind === 'error') return showError(`Layout failed: ${reply.message}`);
  if (id !== requestId) return;
  // The first scene of a large graph replaces its overview where it stands (the same layout placed both).
  const before = anchorKey ? (scene ?? overview?.scene)?.byKey.get(anchorKey) : undefined;
  const after = anchorKey ? reply.scene.byKey.get(anchorKey) : undefined;
  const first = !scene;
  scene = reply.scene;
  // An expanded or collapsed group keeps its top-left where it was, and is brought on screen if it spills off.
  if (before && after) [view, sizing.kind] = [keepInView(anchor(view, before, after), after, canvas.clientWidth, canvas.clientHeight), null];
  else if (first && !overview && (!saved.viewport || sizing.kind)) view = sizing.auto(sizing.kind ?? 'opening', scene);
  overview = undefined;
  sceneInferred = payload!.inferred;
  status.set({ state: 'ready', inferred: sceneInferred ? '1' : '0', items: scene.items.length, expanded: expanded.size, layoutMs: ms(reply.ms), workerInitMs: ms(reply.initMs), levelsComputed: reply.computed });
  if (first) status.set({ firstPaintMs: ms(performance.now() - payloadAt) });
  status.set({ connected: unconnectedItems(scene).length === 0 ? '1' : '0', groupLabels: JSON.stringify([...new Set([...tree!.groups.values()].map((group) => group.label))]) });
  refreshEmphasis();
  saveState();
  redraw();
}

/** The key a node is drawn under now: itself, or the outermost collapsed group holding it. */
function visibleKey(index: number): string {
  for (const id of ancestorsOf(tree!, index)) if (!expanded.has(id)) return `g:${id}`;
  return `n:${index}`;
}

function refreshEmphasis(): void {
  matches = new Set(search.results.map(visibleKey));
  marked = payload ? diffMarks.colours(payload, visibleKey, pageIsDark()) : new Map();
  status.set({ diffMarks: diffMarks.size, diffMarked: marked.size });
  if (!selected?.startsWith('n:')) return void (related = null);
  related = new Set([...lineage!.related(Number(selected.slice(2)))].map(visibleKey));
}

async function toggleGroup(id: string): Promise<void> {
  if (expanded.has(id)) {
    expanded.delete(id);
    for (const other of [...expanded]) if (other.startsWith(`${id}/`) || other.startsWith(`${id}#`)) expanded.delete(other);
  } else expanded.add(id);
  await relayout(`g:${id}`);
  select(`g:${id}`);
}

const requestStats = statsRequester(host);

function select(key: string | null): void {
  selected = key;
  status.set({ selected: key ?? '' });
  showProperties(key);
  if (key?.startsWith('n:')) host.send(NodeSelectedCommand, { nodeId: payload!.nodes[Number(key.slice(2))].id });
  refreshEmphasis();
  redraw();
}

/** The properties pane for the node or group `key`, from the payload shown now. */
function showProperties(key: string | null): void {
  const pane = $('properties');
  if (key?.startsWith('n:')) {
    const index = Number(key.slice(2));
    showNode(pane, payload!.nodes[index], (other) => payload!.nodes[other].name || payload!.nodes[other].op, requestStats, !payload!.inferred);
    if (coloring.profile) showNodeTiming(pane, coloring.nodeTime(index), coloring.profile);
  } else if (key?.startsWith('g:')) {
    const id = key.slice(2);
    showGroup(pane, tree!.groups.get(id)!, expanded.has(id), () => void toggleGroup(id), !payload!.inferred);
    if (coloring.profile) showGroupTiming(pane, coloring.groupTime(id)!, tree!.groups.get(id)!.nodeCount, coloring.profile);
  } else if (key?.startsWith('i:')) showTensor(pane, 'graph input', payload!.inputs[Number(key.slice(2))]);
  else if (key?.startsWith('o:')) showTensor(pane, 'graph output', payload!.outputs[Number(key.slice(2))]);
}

/** A reveal can arrive right behind the graph, before its first scene: it waits for that scene. */
let pendingReveal: (() => void) | null = null;
const whenScene = (run: () => void) => (scene ? run() : (pendingReveal = run));
function revealById(nodeId: string): void {
  const index = payload!.nodes.findIndex((node) => node.id === nodeId);
  if (index >= 0) void reveal(index);
}

/** A reveal from a Profile panel row: the node is selected, centred and flashed; a name ORT made up is said so. */
function revealByName(name: string): void {
  const index = coloring.nodeIndex(name);
  if (index < 0) return void ($('summary').textContent = `${name} is not a node of this graph (ONNX Runtime added it when it optimized the model).`);
  flash.begin(`n:${index}`, performance.now());
  void reveal(index).then(() => status.set({ revealedNode: name }));
}

/** Expands the groups holding node `index`, centres it and selects it. */
async function reveal(index: number): Promise<void> {
  const chain = ancestorsOf(tree!, index);
  if (chain.some((id) => !expanded.has(id))) {
    chain.forEach((id) => expanded.add(id));
    await relayout(chain.length ? `g:${chain[0]}` : undefined);
  }
  const item = scene!.byKey.get(`n:${index}`);
  sizing.kind = null;
  if (item) view = centerOn(view.scale < 0.6 ? { ...view, scale: 1 } : view, { x: item.x + item.width / 2, y: item.y + item.height / 2 }, canvas.clientWidth, canvas.clientHeight);
  saveState();
  select(`n:${index}`);
}

const search = new NodeSearch($<HTMLInputElement>('search'), $<HTMLUListElement>('results'), status, () => payload?.nodes, (index) => void reveal(index), () => (refreshEmphasis(), redraw()));

const showError = (text: string) => showLoadError(text, status);

// The worker script is fetched while the host parses (webview origins cannot start a worker from its URL).
const workerReady = fetch(document.getElementById('boot')!.dataset.worker!)
  .then((response) => response.text())
  .then((source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));

const progress = new LoadProgress($('progress'), status);
progress.stamp('script', started);
let showing = Promise.resolve();
/** The newest overview or payload number applied: the host sends them again at every ready; older ones are stale. */
let appliedSeq = 0;
const firstTime = (seq: number): boolean => (seq > appliedSeq ? ((appliedSeq = seq), true) : false);
let received = false;

/** Draws a large graph's overview until its payload is laid out, unless a scene or a saved expansion (a different scene) is there. */
function showOverview(shown: GraphOverview, stamps: LoadStamps, receivedAt: number): void {
  progress.merge(stamps);
  progress.stamp('overviewReceived', receivedAt);
  if (scene || overview || saved.expanded.length > 0) return;
  overview = new OverviewView(shown, () => renderer.theme.groupFill, pageIsDark);
  if (!saved.viewport || sizing.kind) view = sizing.auto(sizing.kind ?? 'opening', overview.scene);
  status.append('payloads', 'overview');
  $('summary').textContent = summaryLine(shown.summary);
  progress.show(`Loading ${formatExactCount(shown.summary.nodes)} nodes…`);
  redraw();
}

/** A click on the overview: a group is remembered and opened once the full graph is laid out (the progress line says so). */
function clickOverview(shown: OverviewView, local: { x: number; y: number }): void {
  const item = hitTest(shown.scene, toWorld(view, local));
  if (item?.kind !== 'group') return;
  shown.queued = item.key.slice(2);
  progress.show(`Loading… ${shown.title(shown.queued)} opens once the graph is laid out`);
}

/**
 * Shows a payload. A large graph comes twice, first as the file declares it and then inferred (shapes, MACs): the
 * second replaces the first where it stands, with the same groups open, the same viewport and the same selection.
 */
async function start({ payload: bytes, stamps, cached }: { payload: Uint8Array; stamps: LoadStamps; cached: boolean }, receivedAt: number): Promise<void> {
  payloadAt = receivedAt;
  progress.merge(stamps);
  const worker = await workerReady;
  // The worker decodes its own copy of the bytes while this thread decodes and groups.
  worker.postMessage({ kind: 'init', payload: bytes } satisfies LayoutRequest);
  payload = await decodeGraphPayload(bytes);
  const stage = payload.inferred ? 'inferred' : 'declared';
  progress.stamp(`${stage}Received`, payloadAt);
  progress.stamp(`${stage}Decoded`);
  status.append('payloads', payload.inferred ? 'inferred' : 'declared');
  status.set({ cached: cached ? '1' : '0' });
  tree = buildGroupTree(payload.nodes);
  progress.stamp(`${stage}Tree`);
  status.set({ treeMs: ms(performance.now() - payloadAt) });
  lineage = new NodeLineage(payload.nodes);
  for (const id of [...expanded]) if (!tree.groups.has(id)) expanded.delete(id);
  if (!scene && !saved.viewport && !opensCollapsed(payload)) expanded = new Set(tree.groups.keys());
  const shownOverview = overview;
  const topGroups = tree.root.filter((item) => typeof item === 'string').length;
  if (!scene) progress.show(topGroups > 0 ? `Laying out ${formatExactCount(topGroups)} groups…` : `Laying out ${formatExactCount(payload.nodes.length)} nodes…`);
  status.set({ nodes: payload.nodes.length, groups: topGroups, totalGroups: tree.groups.size, format: payload.format, path: payload.path, parseMs: ms(payload.parseMs), scriptToPayloadMs: ms(payloadAt - started) });
  showSummary(summaryLine(summaryFigures(payload, tree)));
  coloring.bind(payload, tree);
  worker.onmessage = (event: MessageEvent<LayoutReply>) => {
    pending.get(event.data.id)?.(event.data);
    pending.delete(event.data.id);
  };
  layoutWorker = worker;
  status.set({ workerPostedMs: ms(performance.now() - payloadAt) });
  await relayout();
  progress.stamp(`${stage}Scene`);
  // A group clicked on the overview (until the line above) opens now, in place.
  const queued = shownOverview?.queued;
  if (queued !== undefined && tree.groups.has(queued) && !expanded.has(queued)) await toggleGroup(queued);
  // The declared graph is drawn; the host's worker goes on inferring.
  if (payload.inferred) progress.done();
  else progress.show(`Inferring shapes of ${formatExactCount(payload.nodes.length)} nodes…`);
  // The inferred payload replaced the declared one: the properties pane shows the new figures (the selection and
  // the Model view stay as they are).
  if (selected && (!selected.startsWith('g:') || tree.groups.has(selected.slice(2)))) showProperties(selected);
  pendingReveal?.();
  pendingReveal = null;
}

attachCanvasInput(canvas, {
  get view() {
    return view;
  },
  set view(next: Viewport) {
    [view, sizing.kind] = [next, null];
  },
  fit: () => fitAll(),
  click: (local) => {
    lastClick = { key: '', done: Promise.resolve() };
    if (!scene) return overview && clickOverview(overview, local);
    const map = minimapRect(canvas.clientWidth, canvas.clientHeight);
    if (showMinimap && local.x >= map.x && local.x <= map.x + map.width && local.y >= map.y && local.y <= map.y + map.height) {
      // A click on the minimap centres the view there.
      const transform = minimapTransform(scene, map);
      sizing.kind = null;
      return moveTo(centerOn(view, { x: (local.x - transform.x) / transform.scale, y: (local.y - transform.y) / transform.scale }, canvas.clientWidth, canvas.clientHeight));
    }
    const point = toWorld(view, local);
    const item = hitTest(scene, point);
    lastClick.key = item?.key ?? null;
    if (!item) return select(null);
    // A collapsed group opens on click; an open group closes from its title bar.
    const onTitle = item.expanded && point.y < item.y + GROUP_TITLE;
    if (item.kind === 'group' && (!item.expanded || onTitle)) lastClick = { key: item.key, done: toggleGroup(item.key.slice(2)), closed: item.expanded };
    else select(item.key);
  },
  doubleClick: () => void zoomToClicked(),
  key: (key) => {
    if (key === 'Enter' && selected?.startsWith('g:')) void toggleGroup(selected.slice(2));
    else if (key === 'Escape') select(null);
    else if (key === 'm') showMinimap = !showMinimap;
    else return false;
    return true;
  },
  changed: (settled) => {
    if (settled) saveState();
    redraw();
  },
});
/** The item the last click hit (null: empty canvas), and the relayout it started. */
let lastClick: { key: string | null; done: Promise<void>; closed?: boolean } = { key: null, done: Promise.resolve() };

/**
 * A double click fits the group clicked, open (the first click opened a collapsed one; one it closed from its title
 * is opened again), or on empty canvas the whole graph.
 */
async function zoomToClicked(): Promise<void> {
  const { key, done, closed } = lastClick;
  await done;
  if (closed && key) await toggleGroup(key.slice(2));
  const target = !scene ? undefined : key === null ? scene.bounds : key.startsWith('g:') ? scene.byKey.get(key) : undefined;
  if (!target) return;
  if (key !== null) sizing.kind = null;
  moveTo(key === null ? sizing.auto('fit', scene!) : sizing.fit(target));
}

/** Fit (the button, the 0 key): the whole graph above the legend, fitted again at each resize until the view is moved. */
function fitAll(): void {
  const shown = scene ?? overview?.scene;
  moveTo(shown && sizing.auto('fit', shown));
}
$('fit').addEventListener('click', fitAll);
$('expand-all').addEventListener('click', () => {
  if (!tree) return;
  if (payload!.nodes.length > EXPAND_ALL_WARNING && $('expand-all').dataset.confirm !== 'yes') {
    $('summary').textContent = `Expanding all ${payload!.nodes.length} nodes may take a while: click Expand all again to go ahead.`;
    $('expand-all').dataset.confirm = 'yes';
    return;
  }
  expanded = new Set(tree.groups.keys());
  void relayout().then(fitAll);
});
$('collapse-all').addEventListener('click', () => {
  // Before the first scene (the overview is shown) everything is collapsed already.
  if (!scene) return;
  expanded.clear();
  void relayout().then(fitAll);
});
$('export-png').addEventListener('click', () => exportImage(host, 'png', canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''), $('summary'), status));
$('export-svg').addEventListener('click', () => {
  if (!scene) return;
  const svg = sceneToSvg(scene, view, canvas.clientWidth, canvas.clientHeight, { ...itemStyle, colors: renderer.theme, font: renderer.theme.font }, selected);
  exportImage(host, 'svg', svg, $('summary'), status);
});
$('profile-model').addEventListener('click', () => host.send(ProfileModelCommand, {}));
// A resize (the column narrowed, the page shown again) or a legend change: the view made for the new size, redrawn.
new ResizeObserver(() => moveTo(sizing.resized(view, scene ?? overview?.scene))).observe(canvas);
new ResizeObserver(() => moveTo(sizing.legendChanged(scene ?? overview?.scene))).observe($('legend'));
watchTheme(() => {
  renderer.setTheme(pageTheme());
  coloring.refresh();
  if (scene) refreshEmphasis();
  redraw();
});

host
  .onNotification(GraphOverviewNotification, ({ overview: shown, stamps, seq }) => firstTime(seq) && showOverview(shown, stamps, performance.now()))
  .onNotification(GraphNotification, (loaded) => {
    if (!firstTime(loaded.seq)) return;
    // Shown in the order they came (declared, then inferred), each once the one before is laid out.
    const receivedAt = performance.now();
    received = true;
    showing = showing.then(() => start(loaded, receivedAt)).catch((error: unknown) => showError(String(error)));
  })
  .onNotification(GraphProgressNotification, ({ text }) => {
    // Until a payload arrives the host says what it does; from then on the page says it (laying out, then inferring).
    if (!received) progress.show(text);
  })
  .onNotification(GraphErrorNotification, ({ message }) => showError(`Could not open this model.\n${message}`))
  .onNotification(RevealNodeNotification, ({ nodeId }) => whenScene(() => revealById(nodeId)))
  .onNotification(GraphDiffMarksNotification, ({ marks, label }) => {
    // Before the first scene, relayout and start() apply them.
    diffMarks.set(marks, label);
    if (!scene || !payload) return;
    refreshEmphasis();
    showSummary();
    redraw();
  })
  .onNotification(GraphProfileNotification, ({ overlay }) => afterColoring(() => coloring.setProfile(overlay)))
  .onNotification(GraphProfileClearNotification, () => afterColoring(() => coloring.clearProfile()))
  .onNotification(RevealNamedNodeNotification, ({ name, token }) => {
    if (token === revealSeen) return;
    revealSeen = token;
    saveState();
    whenScene(() => revealByName(name));
  });

/** Changes the profile shown: the selection's properties gain or lose their times, and the view is drawn again. */
function afterColoring(change: () => void): void {
  change();
  if (selected && payload) showProperties(selected);
  saveState();
  redraw();
}
progress.stamp('readySent');
host.send(ReadyCommand, {});
