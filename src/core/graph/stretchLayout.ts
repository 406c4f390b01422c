// A level's layout with some boxes grown (expanded groups), made from its layout with every box at its collapsed
// size, without laying it out again: each rank (a row of boxes sharing a centre line) grows to its tallest box and
// pushes the rows below it down, and within a row the boxes and the edges passing through it keep their order and
// are pushed apart where a grown box needs room. Linear in the level's size, so expanding a group among hundreds
// costs no dagre run, and the rest of the graph stays where the user saw it.
import type { LevelLayout } from './layoutCache';
import { LAYOUT_SPACING } from './layeredLayout';

type Size = { width: number; height: number };
type Point = { x: number; y: number };

interface Band {
  y: number;
  half: number;
  grownHalf: number;
  /** Centre after growth. */
  newY: number;
  /** What later bands and the gap below shift by. */
  shiftBelow: number;
}

/** `base` (laid out with the boxes at `baseSizes`) with the boxes at `sizes`. */
export function stretchLayout(base: LevelLayout, baseSizes: ReadonlyMap<string, Size>, sizes: ReadonlyMap<string, Size>, edges: readonly { from: string; to: string }[]): LevelLayout {
  const keys = [...base.centers.keys()];
  const bandOf = new Map<number, Band>();
  for (const key of keys) {
    const { y } = base.centers.get(key)!;
    const band = bandOf.get(y) ?? { y, half: 0, grownHalf: 0, newY: y, shiftBelow: 0 };
    band.half = Math.max(band.half, baseSizes.get(key)!.height / 2);
    band.grownHalf = Math.max(band.grownHalf, sizes.get(key)!.height / 2);
    bandOf.set(y, band);
  }
  const bands = [...bandOf.values()].sort((a, b) => a.y - b.y);
  let shift = 0;
  for (const band of bands) {
    band.newY = band.y - band.half + shift + band.grownHalf;
    shift += 2 * (band.grownHalf - band.half);
    band.shiftBelow = shift;
  }
  /** The band a y falls in, or the last band above it (undefined above the first). */
  const locate = (y: number): Band | undefined => {
    let [low, high] = [0, bands.length - 1];
    let found: Band | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (bands[mid].y - bands[mid].half <= y) [found, low] = [bands[mid], mid + 1];
      else high = mid - 1;
    }
    return found;
  };
  const mapY = (y: number): number => {
    const band = locate(y);
    if (!band) return y;
    return y <= band.y + band.half ? band.newY + (y - band.y) : y + band.shiftBelow;
  };

  // Within each band: boxes and the edge bends passing through it, in their old order, pushed apart where needed.
  type Thing = { x: number; width: number; box: boolean; set: (x: number) => void };
  const byBand = new Map<Band, Thing[]>();
  const addThing = (band: Band, thing: Thing) => {
    const list = byBand.get(band);
    if (list) list.push(thing);
    else byBand.set(band, [thing]);
  };
  const centers = new Map<string, Point>();
  for (const key of keys) {
    const old = base.centers.get(key)!;
    const band = bandOf.get(old.y)!;
    const center = { x: old.x, y: band.newY };
    centers.set(key, center);
    addThing(band, { x: old.x, width: sizes.get(key)!.width, box: true, set: (x) => (center.x = x) });
  }
  const routes = base.routes.map((route, index) => {
    const edge = edges[index];
    return route.map((point, at): Point => {
      const end = at === 0 ? edge.from : at === route.length - 1 ? edge.to : undefined;
      if (end !== undefined) return point;
      const mapped = { x: point.x, y: mapY(point.y) };
      const band = locate(point.y);
      if (band && Math.abs(point.y - band.y) <= band.half) addThing(band, { x: point.x, width: 0, box: false, set: (x) => (mapped.x = x) });
      return mapped;
    });
  });
  for (const things of byBand.values()) {
    things.sort((a, b) => a.x - b.x);
    let previous: Thing | undefined;
    for (const thing of things) {
      const gap = previous?.box && thing.box ? LAYOUT_SPACING.nodesep : LAYOUT_SPACING.edgesep;
      const x = previous ? Math.max(thing.x, previous.x + (previous.width + thing.width) / 2 + gap) : thing.x;
      thing.x = x;
      thing.set(x);
      previous = thing;
    }
  }
  // Edge ends stay at the same place on their box's boundary, scaled with the box.
  routes.forEach((route, index) => {
    const edge = edges[index];
    for (const [at, key] of [[0, edge.from], [route.length - 1, edge.to]] as const) {
      if (route.length === 0) break;
      const old = base.centers.get(key)!;
      const [before, after] = [baseSizes.get(key)!, sizes.get(key)!];
      const point = base.routes[index][at];
      route[at] = { x: centers.get(key)!.x + ((point.x - old.x) * after.width) / before.width, y: centers.get(key)!.y + ((point.y - old.y) * after.height) / before.height };
    }
  });
  return normalized(centers, sizes, routes);
}

/** Moves everything so the top-left corner is at 0,0 and measures the extent. */
function normalized(centers: Map<string, Point>, sizes: ReadonlyMap<string, Size>, routes: Point[][]): LevelLayout {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [key, center] of centers) {
    const size = sizes.get(key)!;
    minX = Math.min(minX, center.x - size.width / 2);
    maxX = Math.max(maxX, center.x + size.width / 2);
    minY = Math.min(minY, center.y - size.height / 2);
    maxY = Math.max(maxY, center.y + size.height / 2);
  }
  for (const route of routes) {
    for (const point of route) {
      minX = Math.min(minX, point.x);
      maxX = Math.max(maxX, point.x);
    }
  }
  for (const center of centers.values()) [center.x, center.y] = [center.x - minX, center.y - minY];
  for (const route of routes) for (const point of route) [point.x, point.y] = [point.x - minX, point.y - minY];
  return { width: maxX - minX, height: maxY - minY, centers, routes };
}
