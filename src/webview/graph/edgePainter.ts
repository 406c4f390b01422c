// The edges of a scene: the plain ones in one path (one stroke call, however many), aggregated edges thicker by
// their count, the selection's up- and downstream edges highlighted, arrowheads and tensor shapes when near.
// Each edge's bounds are computed once per scene, so a frame strokes only the edges that cross the screen.
import type { Scene } from '../../core/graph/hierarchicalLayout';
import type { Rect, Viewport } from '../../core/graph/viewport';
import type { Emphasis } from './graphRenderer';
import type { GraphTheme } from './graphTheme';
import type { TextFitter } from './textFitter';

const boundsOf = new WeakMap<Scene, Float64Array>();
/** The edges on screen this frame, as index × 4 + how they are drawn; reused between frames. */
let visible = new Int32Array(0);
const counts = new Int32Array(3);

/** minX, minY, maxX, maxY of each edge of `scene`. */
function edgeBounds(scene: Scene): Float64Array {
  let bounds = boundsOf.get(scene);
  if (bounds) return bounds;
  bounds = new Float64Array(scene.edges.length * 4);
  scene.edges.forEach((edge, index) => {
    // An edge with no route is never on screen: its bounds are empty (min past max).
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    if (edge.points.length < 2) return bounds!.set([minX, minY, maxX, maxY], index * 4);
    for (const { x, y } of edge.points) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    bounds!.set([minX, minY, maxX, maxY], index * 4);
  });
  boundsOf.set(scene, bounds);
  return bounds;
}

const aggregatedBy = new WeakMap<Scene, Uint8Array>();

/** 1 for each edge of `scene` that stands for several, else 0. */
function aggregatedOf(scene: Scene): Uint8Array {
  let flags = aggregatedBy.get(scene);
  if (!flags) aggregatedBy.set(scene, (flags = Uint8Array.from(scene.edges, (edge) => (edge.count > 1 ? 1 : 0))));
  return flags;
}

/** Arrowheads are drawn from this scale up, and shapes on edges from the next. */
const ARROW_SCALE = 0.35;
const SHAPE_SCALE = 0.8;

/** Strokes the edges crossing `shown`, in world coordinates (the canvas holds the world transform). */
export function drawEdges(ctx: CanvasRenderingContext2D, scene: Scene, shown: Rect, emphasis: Emphasis, theme: GraphTheme, scale: number): void {
  const bounds = edgeBounds(scene);
  const px = 1 / scale;
  const related = emphasis.related;
  const left = shown.x;
  const top = shown.y;
  const right = shown.x + shown.width;
  const bottom = shown.y + shown.height;
  const arrows = scale >= ARROW_SCALE;
  const tiny = px;
  // One pass sorts the edges on screen by how they are drawn: 0 plain, 1 aggregated (thicker), 2 highlighted.
  if (visible.length < scene.edges.length) visible = new Int32Array(scene.edges.length);
  counts.fill(0);
  let shownCount = 0;
  // The loop reads typed arrays only: it runs over every edge each frame.
  const aggregated = aggregatedOf(scene);
  for (let index = 0; index < aggregated.length; index++) {
    const at = index * 4;
    if (bounds[at] > right || bounds[at + 2] < left || bounds[at + 1] > bottom || bounds[at + 3] < top) continue;
    // An edge under a pixel long on screen draws nothing one can see; far out, most are.
    if (bounds[at + 2] - bounds[at] < tiny && bounds[at + 3] - bounds[at + 1] < tiny) continue;
    const kind = related !== null && related.has(scene.edges[index].from) && related.has(scene.edges[index].to) ? 2 : aggregated[index];
    visible[shownCount++] = index * 4 + kind;
    counts[kind]++;
  }
  const drawnIn = (entry: number, pass: number): boolean => (entry & 3) === pass;
  // Pass 0: plain single edges in one path; pass 1: aggregated ones, each at its width; pass 2: the highlighted.
  for (let pass = 0; pass < 3; pass++) {
    ctx.strokeStyle = pass === 2 ? theme.selected : theme.edge;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.globalAlpha = related !== null && pass < 2 ? 0.25 : 1;
    ctx.lineWidth = (pass === 2 ? 2 : theme.highContrast ? 1.5 : 1) * px;
    const batched = pass !== 1;
    if (batched) ctx.beginPath();
    if (counts[pass] === 0) continue;
    for (let i = 0; i < shownCount; i++) {
      if (!drawnIn(visible[i], pass)) continue;
      const index = visible[i] >> 2;
      const points = scene.edges[index].points;
      if (!batched) {
        ctx.beginPath();
        ctx.lineWidth = Math.min(4, 1 + Math.log2(scene.edges[index].count) / 2) * px;
      }
      ctx.moveTo(points[0].x, points[0].y);
      for (let j = 1; j < points.length; j++) ctx.lineTo(points[j].x, points[j].y);
      if (!batched) ctx.stroke();
    }
    if (batched) ctx.stroke();
    if (!arrows) continue;
    ctx.beginPath();
    for (let i = 0; i < shownCount; i++) {
      if (!drawnIn(visible[i], pass)) continue;
      const points = scene.edges[visible[i] >> 2].points;
      arrowHead(ctx, points[points.length - 2], points[points.length - 1], 7 * Math.min(1, px * 0.6 + 0.4));
    }
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** The arrowhead as a closed sub-path of the current path. */
function arrowHead(ctx: CanvasRenderingContext2D, from: { x: number; y: number }, to: { x: number; y: number }, size: number): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  ctx.moveTo(to.x, to.y);
  ctx.lineTo(to.x - size * Math.cos(angle - 0.4), to.y - size * Math.sin(angle - 0.4));
  ctx.lineTo(to.x - size * Math.cos(angle + 0.4), to.y - size * Math.sin(angle + 0.4));
  ctx.closePath();
}

/** Writes the tensor shape beside each edge on screen that carries one tensor (screen coordinates, font set). */
export function drawEdgeShapes(ctx: CanvasRenderingContext2D, scene: Scene, view: Viewport, shown: Rect, theme: GraphTheme, fitter: TextFitter, size: number, record: (text: string) => void): void {
  if (view.scale < SHAPE_SCALE) return;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'left';
  for (const edge of scene.edges) {
    const label = edge.tensor?.shape;
    // A port's pill already names what crosses it.
    if (!label || edge.points.length < 2 || edge.from.startsWith('p:') || edge.to.startsWith('p:')) continue;
    // Halfway along the middle segment: between the boxes, clear of the arrowhead.
    const at = Math.floor((edge.points.length - 1) / 2);
    const [a, b] = [edge.points[at], edge.points[at + 1]];
    const [x, y] = [(a.x + b.x) / 2, (a.y + b.y) / 2];
    if (x < shown.x || x > shown.x + shown.width || y < shown.y || y > shown.y + shown.height) continue;
    const text = fitter.fit(label, 200, size);
    ctx.fillText(text, (x - view.x) * view.scale + 5, (y - view.y) * view.scale);
    record(text);
  }
}
