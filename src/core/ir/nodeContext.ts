// The RuleContext of one node, as a class: inference builds one per node and rule, so its methods
// live on the prototype instead of being fresh closures each time.
import type { AttrValue, Dim, Node, TensorType } from './graph';
import type { RuleContext } from './opRules';
import { isNumber } from './shapeMath';

/** Where a context looks values up: the graph's inference (and through it, enclosing graphs). */
export interface ValueLookup {
  type(name: string): TensorType | undefined;
  value(name: string): Dim[] | undefined;
}

/** A node's view for rules; `outputType` gives the declared or the inferred output types. */
export class NodeContext implements RuleContext {
  constructor(
    readonly node: Node,
    readonly opset: number,
    private readonly lookup: ValueLookup,
    private readonly outputType: (name: string) => TensorType | undefined,
  ) {}

  input(index: number): TensorType | undefined {
    return this.lookup.type(this.node.inputs[index] ?? '');
  }

  shape(index: number): Dim[] | undefined {
    return this.input(index)?.shape;
  }

  value(index: number): Dim[] | undefined {
    return this.lookup.value(this.node.inputs[index] ?? '');
  }

  numbers(index: number): number[] | undefined {
    const known = this.value(index);
    return known?.every(isNumber) ? (known as number[]) : undefined;
  }

  output(index: number): TensorType | undefined {
    const name = this.node.outputs[index];
    return name ? this.outputType(name) : undefined;
  }

  attr(name: string): AttrValue | undefined {
    return this.node.attrs[name];
  }

  int(name: string, fallback: number): number {
    const value = this.node.attrs[name];
    return typeof value === 'number' ? value : fallback;
  }

  ints(name: string): number[] | undefined {
    const value = this.node.attrs[name];
    return Array.isArray(value) ? (value as number[]) : undefined;
  }

  float(name: string, fallback: number): number {
    return this.int(name, fallback);
  }

  str(name: string, fallback: string): string {
    const value = this.node.attrs[name];
    return typeof value === 'string' ? value : fallback;
  }
}
