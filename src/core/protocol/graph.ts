// Messages between the graph editor's host (src/host/graph) and its webview (src/webview/graph), declared with the
// message kit (messages.ts): the webview sends `ready`, the host answers with progress, a large graph's overview and the
// payload (twice for a large graph).
import type { GraphOverview } from '../graph/graphOverview';
import type { Dim } from '../ir/graph';
import { command, notification, request } from './messages';

/** A tensor a node reads or writes, as the webview shows it. `from` is the producing node's index, -1 for graph inputs and weights. */
export interface PayloadTensor {
  name: string;
  dtype: string | null;
  shape: Dim[] | null;
  from?: number;
  /** Set on inputs that are stored weights. */
  weight?: boolean;
  /** Index of the weight in the host's table, when its values can be streamed for statistics. */
  weightRef?: number;
}

/** Summary statistics of a weight tensor's values. */
export interface WeightStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (numpy's default). */
  std: number;
  /** NaN or infinite values, left out of the other figures. */
  nonFinite: number;
}

/** One operator node without weights: attributes are short strings, cost figures come from the summary. */
export interface PayloadNode {
  id: string;
  op: string;
  /** Operator domain or framework namespace, when the format has one. */
  domain?: string;
  name: string;
  /** Module scope from the IR (as the file names it). */
  scope: string[];
  /**
   * Path of the group that holds the node in the view when it is not the scope: `owner name, body name` for nodes
   * inside control-flow bodies, the scope plus the owner's own name for a node that has bodies. Read it with nodeGroup().
   */
  group?: string[];
  attrs: Record<string, string>;
  inputs: PayloadTensor[];
  outputs: PayloadTensor[];
  params: number;
  /** Null when the cost model does not know the op. */
  macs: number | null;
  outputBytes: number | null;
}

/** Path of the group that holds `node` in the view. */
export function nodeGroup(node: PayloadNode): string[] {
  return node.group ?? node.scope;
}

/** The whole graph as the webview receives it. */
export interface GraphPayload {
  path: string;
  format: string;
  producer: string | null;
  /** Operator nodes of the main graph (the summary's `nodes`). */
  mainNodes: number;
  /** Elements of the stored weights, each tensor once (the summary's `params`). */
  params: number;
  /** Known MACs of the main graph; null when some are unknown and none is known (the summary's `macs`). */
  macs: number | null;
  /**
   * False in the first payload of a large graph: types are as the file declares them, MACs and output bytes are
   * unknown. The inferred payload follows and replaces it.
   */
  inferred: boolean;
  nodes: PayloadNode[];
  inputs: PayloadTensor[];
  outputs: PayloadTensor[];
  warnings: string[];
  /** Milliseconds spent parsing and summarizing, for the benchmark. */
  parseMs: number;
}

/** What the webview keeps with getState/setState, so a reopened editor looks as it was left. */
export interface GraphViewState {
  expanded: string[];
  viewport?: { x: number; y: number; scale: number };
  colorBy?: ColorBy;
  /** The last profile overlay (its id) the page switched to colouring by time for: a resent one does not switch again. */
  profileSeen?: string;
  /** The last named reveal (its token) the page carried out: the host resends it at every ready. */
  revealSeen?: string;
  /** The automatic view shown (made again for a new canvas size) until the user moves the view. */
  autoView?: 'opening' | 'fit';
  /** The canvas size `viewport` was made for: a page shown again at another size keeps the view's centre. */
  viewSize?: { width: number; height: number };
}

/** The node colouring overlays; `time` only while a profile overlay is shown. */
export type ColorBy = 'op' | 'params' | 'macs' | 'time';

/** One graph node's part of an ONNX Runtime profile (built by profileOverlay.ts from the profile's node rows). */
export interface NodeTiming {
  /** Time over all measured runs, µs; a fused kernel's time is split equally among the graph nodes it stands for. */
  totalUs: number;
  /** totalUs per call, µs. */
  meanUs: number;
  /** Share of the summed node time of the measured runs, 0..100. */
  pct: number;
  provider: string;
  /** Ran on the CPU provider although another was asked for. */
  fellBack: boolean;
  /** Calls over all measured runs. */
  calls: number;
  /** The profile row's name where it is not the node's own (a kernel ORT renamed: `relu_0.tmp_0_nchwc`). */
  row?: string;
  /** Set when ORT ran this node fused with others: the kernel's name and op, its whole time (µs), and how many graph nodes it stands for. */
  fused?: { name: string; op: string; totalUs: number; nodes: number };
}

/** A profile laid over the graph of the model it was made from, by graph node name. */
export interface ProfileOverlay {
  /** Unique per overlay made: the page switches to colouring by time once per overlay, not at every resend. */
  id: string;
  /** The execution provider asked for, and what the user reads the profile as (`cpu · 10 runs · 21:55`). */
  ep: string;
  label: string;
  /** Measured runs the times cover. */
  runs: number;
  /** Summed node time of the measured runs, µs (what pct is a share of). */
  totalUs: number;
  /** Node time on rows that stand for no node of the graph (layout reorders ORT inserted), µs. */
  unplacedUs: number;
  nodes: Record<string, NodeTiming>;
}

/** Webview -> host: the script is running and wants the graph. */
export const ReadyCommand = command<Record<string, never>>('graph/ready');
/** Wall-clock stamps (epoch ms, `Date.now()`) of one load by stage, for the benchmark's breakdown: the host and its worker write them. */
export type LoadStamps = Record<string, number>;

/**
 * Host -> webview: the graph to draw (sent after ready), as the UTF-8 bytes of a GraphPayload's JSON (encodeGraphPayload).
 * Bytes cross the extension host, workbench and webview as a binary buffer beside the message, where a JSON string
 * would be escaped into the message's own JSON at each hop. `cached`: read from the host's cache of this file.
 */
export const GraphNotification = notification<{ payload: Uint8Array; stamps: LoadStamps; cached: boolean; seq: number }>('graph/didLoad');
/**
 * Host -> webview: the top-level scene of a graph that opens collapsed (graphOverview.ts), sent before its payload,
 * which it is drawn from until that is laid out. `cached`: read from the host's cache of this file.
 *
 * `seq` (here and on GraphNotification) numbers what the load produced, in order: the host sends all it has again at
 * every `ready` (a message posted while the page loads can be lost), and the page applies each number once.
 */
export const GraphOverviewNotification = notification<{ overview: GraphOverview; stamps: LoadStamps; cached: boolean; seq: number }>('graph/overview');
/** The stages a load reports progress for. */
export type LoadStage = 'parse' | 'infer' | 'layout';
/** Host -> webview: what loading does now (`Parsing x.onnx (19.4 MB)…`), shown from the first moment until the graph is drawn. */
export const GraphProgressNotification = notification<{ stage: LoadStage; text: string }>('graph/progress');
/** Host -> webview: the file could not be read; `message` is the reader's. */
export const GraphErrorNotification = notification<{ message: string; path: string }>('graph/didFail');
/** Host -> webview: reveal and select a node by id (from the Model view or a command). */
export const RevealNodeNotification = notification<{ nodeId: string }>('graph/reveal');
/**
 * Host -> webview: colour the graph by this profile's times (sent when a profile is made, and again at every ready;
 * the page switches to colouring by time once per overlay id).
 */
export const GraphProfileNotification = notification<{ overlay: ProfileOverlay }>('graph/profile');
/** Host -> webview: the profile overlay no longer applies (the model changed, or the user cleared it). */
export const GraphProfileClearNotification = notification<Record<string, never>>('graph/profileClear');
/**
 * Host -> webview: select the node named `name` (a profile row's), expand its groups, centre and flash it. Resent at
 * every ready until another replaces it; the page carries out each `token` once.
 */
export const RevealNamedNodeNotification = notification<{ name: string; token: string }>('graph/revealNamed');
/** Webview -> host: the toolbar's Profile Model… button (.onnx files): the host runs `tensorsight.profile.model` on the file. */
export const ProfileModelCommand = command<Record<string, never>>('graph/profileModel');
/** Webview -> host: the user selected a node (the host may reveal it in the Model view). */
export const NodeSelectedCommand = command<{ nodeId: string | null }>('graph/selected');

/**
 * Webview -> host: save the current view as an image; the host asks where. `data` is base64 for PNG, the document's
 * text for SVG. Replies with the path written, or null when the user cancelled the dialog.
 */
export const ExportImageRequest = request<{ format: 'png' | 'svg'; data: string }, { path: string | null }>('graph/exportImage');

/** Webview -> host: the statistics of weight `weightRef` (computed only on request: it reads the values from the file). */
export const WeightStatsRequest = request<{ weightRef: number }, WeightStats>('graph/weightStats');

/** How a layer differs in a Compare Models diff: only in this model's side, or paired with a layer that differs. */
export type DiffMark = 'added' | 'removed' | 'changed';
/**
 * Host -> webview: outline these layers (by node id) as Compare Models found them, `label` naming the other model; an
 * empty `marks` clears them. Resent with every payload post, so a reloaded page keeps them.
 */
export const GraphDiffMarksNotification = notification<{ marks: Record<string, DiffMark>; label: string }>('graph/diffMarks');
