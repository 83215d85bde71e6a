import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Span } from '../model.js';
import type { SourcePositions } from './structured-positions.js';

/** The position lookups of `StructuredData`, by JSON pointer. */
export interface StructuredTree {
  /** Span of the node at `pointer`, or of its nearest indexed ancestor. */
  spanAt(pointer: string): Span;
  /** Span of the mapping key whose value is at `pointer`, when there is one. */
  keySpanAt(pointer: string): Span | undefined;
}

interface Located {
  span: Span;
  keySpan?: Span;
}

/** Deeper nodes fall back to their ancestor's span; it also bounds our recursion. */
const MAX_DEPTH = 200;

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends a segment to a JSON pointer. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${pointerSegment(key)}`;
}

/** The key as yaml's `toJS` spells it, so pointers into the value find their node. */
function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return String(key);
}

function rangeOf(node: unknown): [number, number] | null {
  if (node === null || typeof node !== 'object' || !('range' in node)) return null;
  const range: unknown = node.range;
  if (!Array.isArray(range) || typeof range[0] !== 'number' || typeof range[1] !== 'number')
    return null;
  return [range[0], range[1]];
}

function indexPair(pair: Pair, pointer: string, depth: number, ctx: IndexContext): void {
  const target = childPointer(pointer, keyText(pair.key));
  const keyRange = rangeOf(pair.key);
  const valueRange = rangeOf(pair.value);
  const keySpan = keyRange ? ctx.positions.span(keyRange[0], keyRange[1]) : undefined;
  // `key:` with nothing after it has an empty value node: point at the key instead.
  const span =
    valueRange && valueRange[1] > valueRange[0]
      ? ctx.positions.span(valueRange[0], valueRange[1])
      : (keySpan ?? ctx.spanOf(pointer));
  ctx.located.set(target, keySpan ? { span, keySpan } : { span });
  indexNode(pair.value, target, depth + 1, ctx);
}

interface IndexContext {
  positions: SourcePositions;
  located: Map<string, Located>;
  spanOf(pointer: string): Span;
}

function indexNode(node: unknown, pointer: string, depth: number, ctx: IndexContext): void {
  if (depth > MAX_DEPTH) return;
  if (isMap(node)) {
    for (const pair of node.items) indexPair(pair, pointer, depth, ctx);
  } else if (isSeq(node)) {
    node.items.forEach((item: unknown, index) => {
      const target = childPointer(pointer, index);
      if (isPair(item)) {
        // `[a: 1]` is a one-pair mapping inside a flow sequence.
        const start = rangeOf(item.key)?.[0];
        const end = rangeOf(item.value)?.[1] ?? rangeOf(item.key)?.[1];
        if (start !== undefined && end !== undefined)
          ctx.located.set(target, { span: ctx.positions.span(start, end) });
        indexPair(item, target, depth + 1, ctx);
        return;
      }
      const range = rangeOf(item);
      if (range) ctx.located.set(target, { span: ctx.positions.span(range[0], range[1]) });
      indexNode(item, target, depth + 1, ctx);
    });
  }
}

function normalisePointer(pointer: string): string {
  if (pointer === '' || pointer === '#') return '';
  const bare = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return bare.startsWith('/') ? bare : `/${bare}`;
}

/** Indexes a yaml document's contents (YAML, or JSON read by the YAML parser) by JSON pointer. */
export function indexYamlTree(contents: Node | null, positions: SourcePositions): StructuredTree {
  const located = new Map<string, Located>();
  const rootRange = rangeOf(contents);
  const root =
    rootRange && rootRange[1] > rootRange[0]
      ? positions.span(rootRange[0], rootRange[1])
      : positions.whole();
  const spanAt = (pointer: string): Span => {
    let current = normalisePointer(pointer);
    for (;;) {
      const found = located.get(current);
      if (found) return found.span;
      if (current === '') return root;
      current = current.slice(0, current.lastIndexOf('/'));
    }
  };
  indexNode(contents, '', 0, { positions, located, spanOf: spanAt });
  return { spanAt, keySpanAt: (pointer) => located.get(normalisePointer(pointer))?.keySpan };
}

/** A tree that knows only the whole file: every pointer maps to it. */
export function wholeFileTree(positions: SourcePositions): StructuredTree {
  const whole = positions.whole();
  return { spanAt: () => whole, keySpanAt: () => undefined };
}
