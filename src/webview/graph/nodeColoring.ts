// The "Colour by" choice and what it draws: node fills by op type, params or MACs, or, while a profile overlay is
// shown, by time (nodes and collapsed groups, whose card then says its summed time); the legend under the toolbar;
// and the probes of the colouring. A new profile switches the view to time once; the choice is the user's after that.
import type { GroupTree } from '../../core/graph/groupTree';
import type { SceneItem } from '../../core/graph/hierarchicalLayout';
import type { NodeLabel } from '../../core/graph/nodeLabel';
import { formatMicros, formatPercent } from '../../core/display/durations';
import type { ColorBy, GraphPayload, NodeTiming, ProfileOverlay } from '../../core/protocol/graph';
import type { GraphStatus, Probe } from '../common/testProbes';
import { showLegendEntries } from './legendView';
import { buildOverlay, type Overlay } from './nodeColors';
import { overlayNodeFor } from '../../core/graph/profileOverlay';
import { graphTimes, nodeIndexByName, type GraphTimes, type GroupTime } from './profileTimes';
import { graphTimeScale, perRunUs, timeColor, timeOverlay, noTimeColor, type TimeScale } from './timeColors';

/** The colouring of one page. */
export class NodeColoring {
  /** The node colouring drawn now; undefined until a payload is bound. */
  overlay: Overlay | undefined;
  profile: ProfileOverlay | undefined;
  /** The profile matched to the bound payload. */
  times: GraphTimes | undefined;
  private scale: TimeScale | undefined;
  private payload: GraphPayload | undefined;
  private tree: GroupTree | undefined;
  /** Cards' labels and fills under time, made once per refresh (the frame loop reads them for every card on screen). */
  private readonly groupLabels = new Map<string, NodeLabel>();
  private readonly groupFills = new Map<string, string>();

  constructor(
    private readonly select: HTMLSelectElement,
    private readonly legend: HTMLElement,
    private readonly status: Probe<GraphStatus>,
    private readonly dark: () => boolean,
    public colorBy: ColorBy,
    /** The profile id the view last switched to time for (kept in the page state). */
    public profileSeen: string | undefined,
    changed: () => void,
  ) {
    select.addEventListener('change', () => {
      this.colorBy = select.value as ColorBy;
      this.refresh();
      changed();
    });
    this.showChoice();
  }

  /** Colours `payload` (a new one, or the inferred one replacing the declared). */
  bind(payload: GraphPayload, tree: GroupTree): void {
    [this.payload, this.tree] = [payload, tree];
    this.match();
    this.refresh();
  }

  /** Shows a profile's times; the first time this overlay comes, the view switches to them. */
  setProfile(profile: ProfileOverlay): void {
    this.profile = profile;
    if (profile.id !== this.profileSeen) [this.colorBy, this.profileSeen] = ['time', profile.id];
    this.match();
    this.refresh();
  }

  clearProfile(): void {
    this.profile = undefined;
    this.match();
    this.refresh();
  }

  /** Builds the fills and the legend again (a new choice, theme, payload or profile). */
  refresh(): void {
    this.showChoice();
    this.groupLabels.clear();
    this.groupFills.clear();
    if (!this.payload) return;
    const dark = this.dark();
    this.overlay = this.timed() ? timeOverlay(this.times!, this.profile!, this.scale!, dark) : buildOverlay(this.payload.nodes, this.mode() as Exclude<ColorBy, 'time'>, dark);
    showLegendEntries(this.legend, this.overlay.legend);
  }

  /**
   * The colouring drawn: the choice, except that `time` without a profile draws op types (the choice stays, so a page
   * reloaded with its profile still to come is coloured by time again once it comes).
   */
  mode(): ColorBy {
    return this.colorBy === 'time' && !this.profile ? 'op' : this.colorBy;
  }

  /** Whether nodes are coloured by time now. */
  timed(): boolean {
    return this.mode() === 'time' && this.times !== undefined;
  }

  /** A collapsed group's card fill when coloured by time (white text on it), else undefined (the theme's card). */
  groupFill(item: SceneItem): string | undefined {
    if (!this.timed() || item.kind !== 'group') return undefined;
    let fill = this.groupFills.get(item.key);
    if (fill === undefined) {
      const sum = this.times!.groups.get(item.key.slice(2));
      fill = sum ? timeColor(this.scale!.t(sum.pct)) : noTimeColor(this.dark());
      this.groupFills.set(item.key, fill);
    }
    return fill;
  }

  /** A collapsed group's card under time: its name, size, then its summed time per run and share in place of MACs. */
  label(item: SceneItem, base: NodeLabel): NodeLabel {
    if (!this.timed() || item.kind !== 'group') return base;
    let label = this.groupLabels.get(item.key);
    if (!label) {
      const sum = this.times!.groups.get(item.key.slice(2));
      label = { ...base, attrs: [base.attrs[0] ?? '', sum ? `${formatMicros(perRunUs(this.profile!, sum.pct))} · ${formatPercent(sum.pct)}` : 'no time'] };
      this.groupLabels.set(item.key, label);
    }
    return label;
  }

  /** Node `index`'s timing, when a profile is shown. */
  nodeTime(index: number): NodeTiming | null {
    return this.times?.nodes[index] ?? null;
  }

  /** Group `id`'s summed time, when a profile is shown. */
  groupTime(id: string): GroupTime | null {
    return this.times?.groups.get(id) ?? (this.times ? { totalUs: 0, pct: 0, timed: 0 } : null);
  }

  /** The node a Profile panel names: a graph node's name, or a profile row's (a kernel ORT renamed or fused); -1 for none. */
  nodeIndex(name: string): number {
    if (!this.payload) return -1;
    const index = nodeIndexByName(this.payload.nodes, name);
    return index >= 0 || !this.profile ? index : nodeIndexByName(this.payload.nodes, overlayNodeFor(this.profile, name));
  }

  private match(): void {
    this.times = this.profile && this.payload && this.tree ? graphTimes(this.payload.nodes, this.tree, this.profile) : undefined;
    this.scale = this.times && graphTimeScale(this.times);
    this.status.set({ profiledNodes: this.times?.profiled ?? 0, profileUnmatched: this.times?.unmatched.length ?? 0, profile: this.profile?.label ?? '' });
  }

  /** The time choice is offered only while a profile is shown; without one the view colours by op type. */
  private showChoice(): void {
    const option = [...this.select.options].find((each) => each.value === 'time');
    if (option) option.hidden = option.disabled = !this.profile;
    this.select.value = this.mode();
    this.status.set({ colourMode: this.mode() });
  }
}
