/**
 * A graph under rewriting with its producer and consumer lookups kept up to date edit by edit, so
 * a rewrite costs what it touches, not a pass over the whole graph. Nodes keep their order in a
 * linked list (rewrites insert next to a node and never reorder), each with a number that sorts
 * like the list, so consumers come back in graph order as a full rebuild would give them.
 */
import type { OnnxGraph, OnnxNode } from './graph';

interface Place {
  key: number;
  /** Removed nodes keep their last key: queues of nodes may still hold them. */
  removed?: true;
  prev: OnnxNode | null;
  next: OnnxNode | null;
}

export class IndexedGraph {
  readonly #producer = new Map<string, OnnxNode>();
  readonly #consumers = new Map<string, Set<OnnxNode>>();
  readonly #place = new Map<OnnxNode, Place>();
  readonly #outputs: ReadonlySet<string>;
  #first: OnnxNode | null = null;
  #last: OnnxNode | null = null;
  /** Producers that lost a consumer: dead unless something still reads them. */
  readonly #unread = new Set<OnnxNode>();
  /** Every tensor name looked up while set: what a decision depended on. */
  reads: Set<string> | null = null;
  /** Called with every tensor name whose producer or consumers change. */
  onTouch: (name: string) => void = () => {};
  /** Called after the nodes are numbered again: removed nodes' numbers no longer sort with the rest. */
  onRenumber: () => void = () => {};
  /** Called with every node inserted after construction. */
  onInsert: (node: OnnxNode) => void = () => {};

  constructor(nodes: readonly OnnxNode[], outputs: ReadonlySet<string>) {
    this.#outputs = outputs;
    for (const n of nodes) this.#link(n, this.#last, null);
  }

  static of(g: OnnxGraph): IndexedGraph {
    return new IndexedGraph(g.nodes, new Set(g.outputs.map((o) => o.name)));
  }

  producerOf(name: string): OnnxNode | undefined {
    this.reads?.add(name);
    return this.#producer.get(name);
  }

  /** The nodes reading `name`, each once, in graph order. */
  consumersOf(name: string): OnnxNode[] {
    this.reads?.add(name);
    const set = this.#consumers.get(name);
    return set ? [...set].sort((a, b) => this.#place.get(a)!.key - this.#place.get(b)!.key) : [];
  }

  /** Number that sorts like the graph order (for queues of nodes). */
  orderOf(node: OnnxNode): number {
    return this.#place.get(node)!.key;
  }

  has(node: OnnxNode): boolean {
    return this.#place.has(node) && !this.#place.get(node)!.removed;
  }

  /** Changes a node's inputs, outputs or attributes in `change`, keeping the lookups right. */
  edit<T>(node: OnnxNode, change: () => T): T {
    this.#unindex(node);
    const result = change();
    this.#index(node);
    return result;
  }

  insertBefore(ref: OnnxNode, node: OnnxNode): void {
    this.#link(node, this.#place.get(ref)!.prev, ref);
    this.onInsert(node);
  }

  insertAfter(ref: OnnxNode, node: OnnxNode): void {
    this.#link(node, ref, this.#place.get(ref)!.next);
    this.onInsert(node);
  }

  remove(node: OnnxNode): void {
    const place = this.#place.get(node)!;
    const { prev, next } = place;
    if (prev) this.#place.get(prev)!.next = next;
    else this.#first = next;
    if (next) this.#place.get(next)!.prev = prev;
    else this.#last = prev;
    place.removed = true;
    this.#unindex(node);
  }

  /** Removes the nodes nothing reads any more (and what only they read); returns them. */
  removeUnread(): OnnxNode[] {
    const removed: OnnxNode[] = [];
    for (const n of this.#unread) {
      this.#unread.delete(n);
      const read = n.outputs.some((o) => this.#outputs.has(o) || (this.#consumers.get(o)?.size ?? 0) > 0);
      if (!this.has(n) || read) continue;
      this.remove(n); // adds its producers to #unread, visited later in this loop
      removed.push(n);
    }
    return removed;
  }

  nodes(): OnnxNode[] {
    const out: OnnxNode[] = [];
    for (let n = this.#first; n; n = this.#place.get(n)!.next) out.push(n);
    return out;
  }

  #link(node: OnnxNode, prev: OnnxNode | null, next: OnnxNode | null): void {
    const before = prev ? this.#place.get(prev)!.key : null;
    const after = next ? this.#place.get(next)!.key : null;
    let key = before === null ? (after === null ? 0 : after - 1) : after === null ? before + 1 : (before + after) / 2;
    this.#place.set(node, { key, prev, next });
    if (prev) this.#place.get(prev)!.next = node;
    else this.#first = node;
    if (next) this.#place.get(next)!.prev = node;
    else this.#last = node;
    // Many insertions into one gap exhaust a double's halvings: number them all again (same order).
    if (before !== null && after !== null && (key <= before || key >= after || after - before < 1e-9)) {
      key = 0;
      for (let n = this.#first; n; n = this.#place.get(n)!.next) this.#place.get(n)!.key = key++;
      this.onRenumber();
    }
    this.#index(node);
  }

  #index(node: OnnxNode): void {
    for (const o of node.outputs) {
      this.#producer.set(o, node);
      this.onTouch(o);
    }
    for (const i of node.inputs) {
      if (!i) continue;
      let set = this.#consumers.get(i);
      if (!set) this.#consumers.set(i, (set = new Set()));
      set.add(node);
      this.onTouch(i);
    }
  }

  #unindex(node: OnnxNode): void {
    for (const o of node.outputs) {
      if (this.#producer.get(o) === node) this.#producer.delete(o);
      this.onTouch(o);
    }
    for (const i of node.inputs) {
      if (!i) continue;
      const set = this.#consumers.get(i);
      set?.delete(node);
      const producer = this.#producer.get(i);
      if (producer && !set?.size) this.#unread.add(producer);
      this.onTouch(i);
    }
  }
}
