// The probes of what is on screen (read by the e2e tests and the benchmarks): the groups to click, where they are,
// and where the selected item is, in canvas pixels.
import type { Scene, SceneItem } from '../../core/graph/hierarchicalLayout';
import { toScreen, type Rect, type Viewport } from '../../core/graph/viewport';
import { boxesUnder } from './resizedView';
import type { GraphStatus } from '../common/testProbes';

/** Where a click on `item` lands on screen: its centre, or for a tall box (an open group) its title. */
export function screenCenter(item: SceneItem, view: Viewport): { x: number; y: number } {
  return { x: Math.round((item.x + item.width / 2 - view.x) * view.scale), y: Math.round((item.y + Math.min(item.height / 2, 12) - view.y) * view.scale) };
}

/**
 * The probes of `shown` under `view` on a canvas of `width` × `height`, with `selected` (an item key) selected, and
 * `legend` (canvas pixels; null: none) over the canvas.
 */
export function viewProbes(shown: Scene, view: Viewport, selected: string | null, width: number, height: number, legend: Rect | null): Pick<GraphStatus, 'topGroups' | 'selectedBox' | 'legendCovers'> {
  const onScreen = (item: SceneItem) => {
    const { x, y } = screenCenter(item, view);
    return x >= 0 && y >= 0 && x < width && y < height;
  };
  // Top-level groups, then collapsed groups at any depth whose centre is on screen; on-screen ones first.
  const groups = shown.items.filter((item) => item.kind === 'group' && (item.depth === 0 || (!item.expanded && onScreen(item))));
  groups.sort((a, b) => Number(onScreen(b)) - Number(onScreen(a)));
  const item = selected ? shown.byKey.get(selected) : undefined;
  const corner = item && toScreen(view, item);
  return {
    topGroups: JSON.stringify(groups.slice(0, 100).map((group) => ({ id: group.key.slice(2), ...screenCenter(group, view) }))),
    legendCovers: legend ? String(boxesUnder(shown, view, legend)) : '0',
    selectedBox: item && corner ? JSON.stringify({ x: Math.round(corner.x), y: Math.round(corner.y), width: Math.round(item.width * view.scale), height: Math.round(item.height * view.scale) }) : '',
  };
}
