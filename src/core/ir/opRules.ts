// The per-op rules shape inference and the cost model apply, and the context they read.
// Each format brings one RuleSet (ONNX ops, Keras layers, ...); an op without a rule stays unknown.
import type { AttrValue, Dim, Node, TensorType } from './graph';
import { elementsAssuming } from './shapeMath';

/** What a rule may read about one node: its inputs' types and known values, its outputs, its attributes. */
export interface RuleContext {
  readonly node: Node;
  /** Version of the format's default op set in force (ONNX ai.onnx opset), for ops whose signature changed. */
  readonly opset: number;
  input(index: number): TensorType | undefined;
  shape(index: number): Dim[] | undefined;
  /** Known contents of a small input (shape vectors, axes, scales), flattened; symbols stay symbolic. */
  value(index: number): Dim[] | undefined;
  /** `value(index)` when every entry is a number. */
  numbers(index: number): number[] | undefined;
  /** Output types: the file's declarations during inference, the inferred ones during costing. */
  output(index: number): TensorType | undefined;
  attr(name: string): AttrValue | undefined;
  int(name: string, fallback: number): number;
  ints(name: string): number[] | undefined;
  float(name: string, fallback: number): number;
  str(name: string, fallback: string): string;
}

/** Output types from input types; undefined entries (or result) mean unknown, never a guess. */
export type ShapeRule = (context: RuleContext) => (TensorType | undefined)[] | undefined;

/** Known contents of small integer outputs (shape arithmetic: Shape -> Gather -> Concat -> Reshape). */
export type ValueRule = (context: RuleContext) => (Dim[] | undefined)[] | undefined;

/** Multiply-accumulates of one application, from inferred shapes; undefined when the shapes do not tell. */
export type MacRule = (context: RuleContext) => number | undefined;

/** The rules of one format. Ops in `noMacs` do no multiply-accumulates (activations, reshapes, pooling). */
export interface RuleSet {
  /** Key of Model.versions holding the op set version, e.g. 'ai.onnx'. */
  readonly opsetKey: string;
  readonly defaultOpset: number;
  readonly shape: Readonly<Record<string, ShapeRule>>;
  readonly value: Readonly<Record<string, ValueRule>>;
  readonly macs: Readonly<Record<string, MacRule>>;
  readonly noMacs: ReadonlySet<string>;
}

/** The key rules are looked up by: the op, prefixed by its domain when it has one (`com.microsoft::Attention`). */
export function ruleKey(node: Node): string {
  return node.domain ? `${node.domain}::${node.op}` : node.op;
}

/** `rules` keyed by op, re-keyed as `ruleKey` looks them up for ops of `domain` (`aten::conv2d`). */
export function inDomain<T>(domain: string, rules: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(rules).map(([op, rule]) => [`${domain}::${op}`, rule]));
}

/** MACs of an op that does `per` multiply-accumulates for each output element (symbolic dims taken as 1). */
export function macsPerOutputElement(per: (context: RuleContext) => number | undefined): MacRule {
  return (context) => {
    const out = elementsAssuming(context.output(0)?.shape);
    const each = per(context);
    return out === undefined || each === undefined ? undefined : out * each;
  };
}
