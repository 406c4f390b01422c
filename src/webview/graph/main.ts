// Graph editor webview: receives the payload, keeps the expansion state and the viewport, asks the
// layout worker for scenes, draws them on a canvas and handles pan, zoom, selection and search.
import { ancestorsOf, buildGroupTree, type GroupTree } from '../../core/graph/groupTree';
import { GROUP_TITLE, type Scene, type SceneItem } from '../../core/graph/hierarchicalLayout';
import { anchor, centerOn, firstView, fit, keepInView, toScreen, toWorld, type Viewport } from '../../core/graph/viewport';
import { ExportImageRequest, GraphErrorNotification, GraphNotification, GraphProgressNotification, NodeSelectedCommand, ReadyCommand, RevealNodeNotification, WeightStatsRequest, type ColorBy, type GraphPayload, type GraphViewState, type LoadStamps } from '../../core/protocol/graph';
import { decodeGraphPayload } from '../../core/protocol/graphPayloadCodec';
import { HostChannel } from '../common/hostChannel';
import { Probe, ms, type GraphStatus } from '../common/testProbes';
import { attachCanvasInput } from './canvasInput';
import { GraphRenderer, hitTest, type ItemStyle } from './graphRenderer';
import { graphTheme } from './graphTheme';
import { ItemLabels } from './itemLabels';
import { drawMinimap, minimapRect, minimapTransform } from './minimap';
import { unconnectedItems } from './sceneConnected';
import { formatCount, formatExactCount, formatPartialCount } from '../../core/display/quantities';
import { buildOverlay, type Overlay } from './nodeColors';
import { showGroup, showNode, showTensor, statsText } from './propertiesPane';
import { searchNodes } from '../../core/graph/searchNodes';
import { sceneToSvg } from '../../core/graph/sceneSvg';
import type { LayoutReply, LayoutRequest } from './worker';
import { LoadProgress } from './loadProgress';

/** Past this many nodes, Expand all warns first. */
const EXPAND_ALL_WARNING = 5000;
/** Graphs of up to this many nodes open with every group expanded; larger ones open collapsed. */
const EXPAND_AT_OPEN = 1000;

const host = new HostChannel();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('graph');
const status = new Probe<GraphStatus>($('graph-status'));
/** The theme class VS Code puts on the webview's body. */
function themeKind(): string {
  return ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-light', 'vscode-dark'].find((kind) => document.body.classList.contains(kind)) ?? 'vscode-dark';
}
function readTheme(): ReturnType<typeof graphTheme> {
  const css = getComputedStyle(document.body);
  return graphTheme(themeKind(), (name) => css.getPropertyValue(name));
}
const renderer = new GraphRenderer(canvas, readTheme());
const saved = (host.state as GraphViewState | undefined) ?? { expanded: [] };

let payload: GraphPayload | undefined;
let tree: GroupTree | undefined;
let layoutWorker: Worker | undefined;
let scene: Scene | undefined;
/** Whether the scene was laid out from the inferred payload (the declared one of a large graph comes first). */
let sceneInferred = false;
let view: Viewport = saved.viewport ?? { x: 0, y: 0, scale: 1 };
let expanded = new Set<string>(saved.expanded);
let colorBy: ColorBy = saved.colorBy ?? 'op';
let overlay: Overlay | undefined;
let selected: string | null = null;
let related: Set<string> | null = null;
let matches = new Set<string>();
let consumers: number[][] = [];
let requestId = 0;
const pending = new Map<number, (reply: LayoutReply) => void>();
const started = performance.now();
let payloadAt = 0;

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Saves the view state once the view has rested a moment: a wheel zoom settles every frame. */
function saveState(): void {
  probesStale = true;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => (host.state = { expanded: [...expanded], viewport: view, colorBy } satisfies GraphViewState), 150);
}

let frame = 0;
let showMinimap = true;
function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!scene || !payload || !tree || !overlay) return;
    if (labelsOf !== payload) [labels, labelsOf] = [new ItemLabels(payload, tree), payload];
    const drawStart = performance.now();
    renderer.draw(scene, view, itemStyle, { selected, related, matches });
    const drawMs = performance.now() - drawStart;
    status.once('firstFrameAt', ms(performance.now()));
    if (sceneInferred) status.once('inferredFrameAt', ms(performance.now()));
    if (showMinimap) drawMinimap(canvas, scene, view, renderer.theme, itemStyle.fill);
    status.set({ view: `${view.x.toFixed(1)},${view.y.toFixed(1)}`, drawn: renderer.lastDrawn, scale: view.scale.toFixed(4), labels: JSON.stringify(renderer.labels), theme: renderer.theme.kind, drawMs: ms(drawMs) });
    if (probesStale) setViewProbes(scene);
  });
}

/** Whether the view settled since the probes of what is on screen were last written. */
let probesStale = true;

/** Writes the probes of what is on screen: groups to click, and where the selected item is. */
function setViewProbes(shown: Scene): void {
  probesStale = false;
  const [width, height] = [canvas.clientWidth, canvas.clientHeight];
  const onScreen = (item: SceneItem) => {
    const { x, y } = screenCenter(item);
    return x >= 0 && y >= 0 && x < width && y < height;
  };
  // Top-level groups, then collapsed groups at any depth whose centre is on screen; on-screen ones first.
  const groups = shown.items.filter((item) => item.kind === 'group' && (item.depth === 0 || (!item.expanded && onScreen(item))));
  groups.sort((a, b) => Number(onScreen(b)) - Number(onScreen(a)));
  const item = selected ? shown.byKey.get(selected) : undefined;
  const corner = item && toScreen(view, item);
  status.set({
    topGroups: JSON.stringify(groups.slice(0, 100).map((group) => ({ id: group.key.slice(2), ...screenCenter(group) }))),
    selectedBox: item && corner ? JSON.stringify({ x: Math.round(corner.x), y: Math.round(corner.y), width: Math.round(item.width * view.scale), height: Math.round(item.height * view.scale) }) : '',
  });
}

/** Labels of the payload drawn (a new payload, the inferred one, gets new labels). */
let labels: ItemLabels | undefined;
let labelsOf: GraphPayload | undefined;
const itemStyle: ItemStyle = {
  label: (item) => labels!.label(item),
  fill: (item) => (item.kind === 'node' ? labels!.fill(item, overlay!) : renderer.theme.groupFill),
};

/** The first view: about 1:1 from the first graph input (or the top item) down. */
function openingView(shown: Scene): Viewport {
  let start = shown.byKey.get('i:0');
  if (!start) for (const item of shown.items) if (item.depth === 0 && (!start || item.y < start.y)) start = item;
  return start ? firstView(start, shown.bounds, canvas.clientWidth) : fit(shown.bounds, canvas.clientWidth, canvas.clientHeight);
}

/** Asks the worker for the scene of the current expansion; keeps `anchorKey`'s box where it was on screen. */
async function relayout(anchorKey?: string): Promise<void> {
  const id = ++requestId;
  const reply = await new Promise<LayoutReply>((resolve) => {
    pending.set(id, resolve);
    layoutWorker!.postMessage({ kind: 'scene', id, expanded: [...expanded] } satisfies LayoutRequest);
  });
  if (reply.kind === 'error') return showError(`Layout failed: ${reply.message}`);
  if (id !== requestId) return;
  const before = anchorKey ? scene?.byKey.get(anchorKey) : undefined;
  const after = anchorKey ? reply.scene.byKey.get(anchorKey) : undefined;
  const first = !scene;
  scene = reply.scene;
  // An expanded or collapsed group keeps its top-left where it was, and is brought on screen if it spills off.
  if (before && after) view = keepInView(anchor(view, before, after), after, canvas.clientWidth, canvas.clientHeight);
  else if (first && !saved.viewport) view = openingView(scene);
  sceneInferred = payload!.inferred;
  status.set({ state: 'ready', inferred: sceneInferred ? '1' : '0', items: scene.items.length, expanded: expanded.size, layoutMs: ms(reply.ms), workerInitMs: ms(reply.initMs), levelsComputed: reply.computed });
  if (first) status.set({ firstPaintMs: ms(performance.now() - payloadAt) });
  status.set({ connected: unconnectedItems(scene).length === 0 ? '1' : '0', groupLabels: JSON.stringify([...new Set([...tree!.groups.values()].map((group) => group.label))]) });
  refreshEmphasis();
  saveState();
  redraw();
}

function screenCenter(item: SceneItem): { x: number; y: number } {
  return { x: Math.round((item.x + item.width / 2 - view.x) * view.scale), y: Math.round((item.y + Math.min(item.height / 2, 12) - view.y) * view.scale) };
}

/** The key a node is drawn under now: itself, or the outermost collapsed group holding it. */
function visibleKey(index: number): string {
  for (const id of ancestorsOf(tree!, index)) if (!expanded.has(id)) return `g:${id}`;
  return `n:${index}`;
}

function refreshEmphasis(): void {
  matches = new Set([...searchState.results].map(visibleKey));
  if (!selected?.startsWith('n:')) return void (related = null);
  const start = Number(selected.slice(2));
  const reached = new Set<number>([start]);
  const walk = (next: (index: number) => number[]) => {
    const queue = [start];
    while (queue.length) {
      for (const other of next(queue.pop()!)) {
        if (reached.has(other)) continue;
        reached.add(other);
        queue.push(other);
      }
    }
  };
  walk((index) => payload!.nodes[index].inputs.map((input) => input.from ?? -1).filter((from) => from >= 0));
  walk((index) => consumers[index]);
  related = new Set([...reached].map(visibleKey));
}

async function toggleGroup(id: string): Promise<void> {
  if (expanded.has(id)) {
    expanded.delete(id);
    for (const other of [...expanded]) if (other.startsWith(`${id}/`) || other.startsWith(`${id}#`)) expanded.delete(other);
  } else expanded.add(id);
  await relayout(`g:${id}`);
  select(`g:${id}`);
}

function requestStats(weightRef: number, into: HTMLElement): void {
  host.request(WeightStatsRequest, { weightRef }).then(
    (stats) => (into.textContent = statsText(stats)),
    (error: Error) => (into.textContent = `could not read: ${error.message}`),
  );
}

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
  } else if (key?.startsWith('g:')) {
    const id = key.slice(2);
    showGroup(pane, tree!.groups.get(id)!, expanded.has(id), () => void toggleGroup(id), !payload!.inferred);
  } else if (key?.startsWith('i:')) showTensor(pane, 'graph input', payload!.inputs[Number(key.slice(2))]);
  else if (key?.startsWith('o:')) showTensor(pane, 'graph output', payload!.outputs[Number(key.slice(2))]);
}

let pendingReveal: string | null = null;
function revealById(nodeId: string): void {
  const index = payload!.nodes.findIndex((node) => node.id === nodeId);
  if (index >= 0) void reveal(index);
}

/** Expands the groups holding node `index`, centres it and selects it. */
async function reveal(index: number): Promise<void> {
  const chain = ancestorsOf(tree!, index);
  if (chain.some((id) => !expanded.has(id))) {
    chain.forEach((id) => expanded.add(id));
    await relayout(chain.length ? `g:${chain[0]}` : undefined);
  }
  const item = scene!.byKey.get(`n:${index}`);
  if (item) view = centerOn(view.scale < 0.6 ? { ...view, scale: 1 } : view, { x: item.x + item.width / 2, y: item.y + item.height / 2 }, canvas.clientWidth, canvas.clientHeight);
  saveState();
  select(`n:${index}`);
}

const searchState = { results: [] as number[] };
function runSearch(query: string): void {
  const list = $<HTMLUListElement>('results');
  searchState.results = query.trim() ? searchNodes(payload!.nodes, query, 100) : [];
  list.replaceChildren(...searchState.results.map((index) => {
    const row = document.createElement('li');
    row.setAttribute('role', 'option');
    row.tabIndex = 0;
    row.textContent = `${payload!.nodes[index].op} · ${payload!.nodes[index].name}`;
    const go = () => void reveal(index);
    row.addEventListener('click', go);
    row.addEventListener('keydown', (event) => event.key === 'Enter' && go());
    return row;
  }));
  list.hidden = searchState.results.length === 0;
  status.set({ results: searchState.results.length });
  refreshEmphasis();
  redraw();
}

function showLegend(): void {
  overlay = buildOverlay(payload!.nodes, colorBy, document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast'));
  $('legend').replaceChildren(...overlay.legend.map(({ label, color }) => {
    const entry = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = color;
    entry.append(swatch, label);
    return entry;
  }));
}

function showError(text: string): void {
  const box = $('error');
  box.textContent = text;
  box.hidden = false;
  // Nothing to draw or inspect: only the message stays.
  $('main').hidden = true;
  $('toolbar').hidden = true;
  status.set({ state: 'error' });
}

// The worker script is fetched while the host parses (webview origins cannot start a worker from its URL).
const workerReady = fetch(document.getElementById('boot')!.dataset.worker!)
  .then((response) => response.text())
  .then((source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));

const progress = new LoadProgress($('progress'), status);
progress.stamp('script', started);
let showing = Promise.resolve();
let received = false;

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
  consumers = payload.nodes.map(() => []);
  payload.nodes.forEach((node, index) => node.inputs.forEach((input) => input.from !== undefined && input.from >= 0 && consumers[input.from].push(index)));
  for (const id of [...expanded]) if (!tree.groups.has(id)) expanded.delete(id);
  if (!scene && !saved.viewport && payload.nodes.length <= EXPAND_AT_OPEN) expanded = new Set(tree.groups.keys());
  const topGroups = tree.root.filter((item) => typeof item === 'string').length;
  if (!scene) progress.show(topGroups > 0 ? `Laying out ${formatExactCount(topGroups)} groups…` : `Laying out ${formatExactCount(payload.nodes.length)} nodes…`);
  status.set({ nodes: payload.nodes.length, groups: topGroups, totalGroups: tree.groups.size, format: payload.format, path: payload.path, parseMs: ms(payload.parseMs), scriptToPayloadMs: ms(payloadAt - started) });
  $('summary').textContent = `${payload.format} · ${payload.nodes.length} nodes · ${topGroups} groups · ${formatCount(payload.params)} params · ${!payload.inferred ? 'inferring shapes and MACs…' : payload.macs === null ? 'MACs unknown' : `${formatPartialCount(payload.macs, payload.nodes.filter((node) => node.macs === null).length)} MACs`}`;
  $<HTMLSelectElement>('color-by').value = colorBy;
  showLegend();
  worker.onmessage = (event: MessageEvent<LayoutReply>) => {
    pending.get(event.data.id)?.(event.data);
    pending.delete(event.data.id);
  };
  layoutWorker = worker;
  status.set({ workerPostedMs: ms(performance.now() - payloadAt) });
  await relayout();
  progress.stamp(`${stage}Scene`);
  // The declared graph is drawn; the host's worker goes on inferring.
  if (payload.inferred) progress.done();
  else progress.show(`Inferring shapes of ${formatExactCount(payload.nodes.length)} nodes…`);
  // The inferred payload replaced the declared one: the properties pane shows the new figures (the selection and
  // the Model view stay as they are).
  if (selected && (!selected.startsWith('g:') || tree.groups.has(selected.slice(2)))) showProperties(selected);
  if (pendingReveal) revealById(pendingReveal);
  pendingReveal = null;
}

attachCanvasInput(canvas, {
  get view() {
    return view;
  },
  set view(next: Viewport) {
    view = next;
  },
  bounds: () => scene?.bounds,
  click: (local) => {
    lastClick = { key: '', done: Promise.resolve() };
    if (!scene) return;
    const map = minimapRect(canvas.clientWidth, canvas.clientHeight);
    if (showMinimap && local.x >= map.x && local.x <= map.x + map.width && local.y >= map.y && local.y <= map.y + map.height) {
      // A click on the minimap centres the view there.
      const transform = minimapTransform(scene, map);
      view = centerOn(view, { x: (local.x - transform.x) / transform.scale, y: (local.y - transform.y) / transform.scale }, canvas.clientWidth, canvas.clientHeight);
      saveState();
      return redraw();
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
  view = fit(target, canvas.clientWidth, canvas.clientHeight);
  saveState();
  redraw();
}

$('fit').addEventListener('click', () => {
  if (scene) view = fit(scene.bounds, canvas.clientWidth, canvas.clientHeight);
  saveState();
  redraw();
});
$('expand-all').addEventListener('click', () => {
  if (!tree) return;
  if (payload!.nodes.length > EXPAND_ALL_WARNING && $('expand-all').dataset.confirm !== 'yes') {
    $('summary').textContent = `Expanding all ${payload!.nodes.length} nodes may take a while: click Expand all again to go ahead.`;
    $('expand-all').dataset.confirm = 'yes';
    return;
  }
  expanded = new Set(tree.groups.keys());
  void relayout().then(() => scene && (view = fit(scene.bounds, canvas.clientWidth, canvas.clientHeight)) && redraw());
});
$('collapse-all').addEventListener('click', () => {
  expanded.clear();
  void relayout().then(() => scene && (view = fit(scene.bounds, canvas.clientWidth, canvas.clientHeight)) && redraw());
});
/** Asks the host to save the view's image; the summary line says where, or why not. */
function exportImage(format: 'png' | 'svg', data: string): void {
  host.request(ExportImageRequest, { format, data }).then(
    ({ path }) => {
      if (path) $('summary').textContent = `Saved the view to ${path}`;
      status.set({ exported: path ?? '' });
    },
    (error: Error) => {
      $('summary').textContent = `Export failed: ${error.message}`;
      status.set({ exported: '' });
    },
  );
}
$('export-png').addEventListener('click', () => exportImage('png', canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')));
$('export-svg').addEventListener('click', () => {
  if (!scene) return;
  const svg = sceneToSvg(scene, view, canvas.clientWidth, canvas.clientHeight, { ...itemStyle, colors: renderer.theme, font: renderer.theme.font }, selected);
  exportImage('svg', svg);
});
$<HTMLSelectElement>('color-by').addEventListener('change', (event) => {
  colorBy = (event.target as HTMLSelectElement).value as ColorBy;
  showLegend();
  saveState();
  redraw();
});
$<HTMLInputElement>('search').addEventListener('input', (event) => runSearch((event.target as HTMLInputElement).value));
$<HTMLInputElement>('search').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && searchState.results.length > 0) void reveal(searchState.results[0]);
});
new ResizeObserver(() => redraw()).observe(canvas);
// A theme change: VS Code swaps the body's class and theme id, and rewrites the variables on the root element's style
// (a change between two dark themes touches only those).
const themeWatch = new MutationObserver(() => {
  renderer.setTheme(readTheme());
  if (payload) showLegend();
  redraw();
});
themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'style'] });
themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

host
  .onNotification(GraphNotification, (loaded) => {
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
  .onNotification(RevealNodeNotification, ({ nodeId }) => {
    // A reveal can arrive right behind the graph, before its first scene: it waits for that scene.
    if (scene) revealById(nodeId);
    else pendingReveal = nodeId;
  });
progress.stamp('readySent');
host.send(ReadyCommand, {});
