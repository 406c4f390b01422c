// What a model diff reports (modelDiff.ts computes it): the JSON of `tensorsight diff --json` and what the Compare
// Models page shows. Types only, free of Node modules, so the webview can import them.
import type { WeightStats } from '../protocol/graph';

/** How a pair was found. */
export type MatchKind = 'name' | 'structure' | 'changed-op';

/** A layer as the diff names it; `id` is the IR node id (what the graph editor highlights). */
export interface DiffNodeRef {
  id: string;
  name: string;
  op: string;
  scope: string[];
}

/** One field that differs between the two sides, as text: `output 0`, `attr kernel_shape`, `op`, `params`. */
export interface FieldChange {
  field: string;
  a: string;
  b: string;
}

/** A pair of layers that differ. */
export interface NodeChange {
  a: DiffNodeRef;
  b: DiffNodeRef;
  matchedBy: MatchKind;
  changes: FieldChange[];
}

/** What one side is, with the summary's figures. */
export interface DiffSideSummary {
  path: string;
  format: string;
  producer: string | null;
  fileBytes: number;
  nodes: number;
  params: number;
  paramBytes: number;
  /** Known MACs; null when unknown (see `tensorsight summary`). */
  macs: number | null;
}

/** The whole diff (the JSON of `tensorsight diff --json`). */
export interface ModelDiff {
  a: DiffSideSummary;
  b: DiffSideSummary;
  /** The two files are of different formats: ops pair by family and some comparisons are approximate (`notes`). */
  crossFormat: boolean;
  /** What is approximate or left out in this diff. */
  notes: string[];
  counts: {
    nodes: { matched: number; byName: number; byStructure: number; added: number; removed: number; changed: number };
    tensors: { matched: number; added: number; removed: number; changed: number };
  };
  nodes: {
    /** Layers only in B. */
    added: DiffNodeRef[];
    /** Layers only in A. */
    removed: DiffNodeRef[];
    changed: NodeChange[];
    /** Pairs found by structure whose names differ and nothing else: two exports naming one layer differently. */
    renamed: { a: DiffNodeRef; b: DiffNodeRef }[];
  };
  tensors: TensorDiff;
}

/** A stored tensor as the diff shows it; `stats` when asked and readable, `statsError` when not readable. */
export interface DiffTensorRef {
  name: string;
  dtype: string;
  shape: number[];
  elements: number;
  stats?: WeightStats;
  statsError?: string;
}

/** A pair of tensors that differ. */
export interface TensorChange {
  a: DiffTensorRef;
  b: DiffTensorRef;
  matchedBy: 'name' | 'node';
  changes: FieldChange[];
}

/** Tensors only in A, only in B, and pairs that differ. */
export interface TensorDiff {
  matched: number;
  added: DiffTensorRef[];
  removed: DiffTensorRef[];
  changed: TensorChange[];
}

