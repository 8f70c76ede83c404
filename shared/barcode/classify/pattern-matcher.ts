/**
 * Runs a parsed plant pattern (pattern-grammar.ts) without backtracking: the pattern is compiled to a small
 * program and all its possible positions are advanced together over the input, one character at a time
 * (Thompson's construction, run as a "Pike VM" so named groups are captured with RegExp's leftmost, greedy
 * preference). Each input character visits every instruction at most once, so the work is bounded by
 * (input length + 1) × program size, whatever the pattern says.
 */
import type { CharSet, ParsedPattern, PatternNode } from './pattern-grammar';

/** Bounded repetition is unrolled; this caps the program a pattern may expand into. */
export const MAX_PROGRAM_SIZE = 1_000;

type Instruction =
  | { readonly op: 'char'; readonly set: CharSet }
  | { op: 'split'; preferred: number; other: number }
  | { op: 'jump'; to: number }
  | { readonly op: 'save'; readonly slot: number }
  | { readonly op: 'assert'; readonly at: 'start' | 'end' }
  | { readonly op: 'match' };

export interface PatternMatch {
  /** The matched text (RegExp's match[0]). */
  readonly text: string;
  /** Named groups; a group that took no part in the match is undefined. */
  readonly groups: Readonly<Record<string, string | undefined>>;
}

export interface StepCounter {
  steps: number;
}

export interface ScanMatcher {
  readonly groupNames: readonly string[];
  exec(text: string, counter?: StepCounter): PatternMatch | null;
  test(text: string): boolean;
}

export type MatcherCompileResult =
  { readonly ok: true; readonly matcher: ScanMatcher } | { readonly ok: false; readonly reason: string };

class ProgramTooLarge extends Error {}

export function compileMatcher(pattern: ParsedPattern): MatcherCompileResult {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= MAX_PROGRAM_SIZE) throw new ProgramTooLarge();
    program.push(instruction);
    return program.length - 1;
  };
  const slotOf = new Map(pattern.groupNames.map((name, index) => [name, 2 + index * 2]));
  try {
    emit({ op: 'save', slot: 0 });
    emitNode(pattern.root, emit, program, slotOf);
    emit({ op: 'save', slot: 1 });
    emit({ op: 'match' });
  } catch (error: unknown) {
    if (error instanceof ProgramTooLarge) {
      return {
        ok: false,
        reason: `the pattern expands to more than ${MAX_PROGRAM_SIZE} steps; use fewer or smaller counts`,
      };
    }
    throw error;
  }
  const slotCount = 2 + pattern.groupNames.length * 2;
  const exec = (text: string, counter?: StepCounter): PatternMatch | null => {
    const slots = run(program, slotCount, text, counter ?? { steps: 0 });
    if (slots === undefined) return null;
    const groups: Record<string, string | undefined> = {};
    for (const [name, slot] of slotOf) groups[name] = sliceOf(text, slots[slot], slots[slot + 1]);
    return { text: sliceOf(text, slots[0], slots[1]) ?? '', groups };
  };
  return { ok: true, matcher: { groupNames: pattern.groupNames, exec, test: (text) => exec(text) !== null } };
}

function sliceOf(text: string, start: number | undefined, end: number | undefined): string | undefined {
  return start === undefined || end === undefined || start < 0 || end < 0 ? undefined : text.slice(start, end);
}

type Emit = (instruction: Instruction) => number;

function emitNode(node: PatternNode, emit: Emit, program: Instruction[], slotOf: Map<string, number>): void {
  switch (node.type) {
    case 'char':
      emit({ op: 'char', set: node.set });
      return;
    case 'anchor':
      emit({ op: 'assert', at: node.at });
      return;
    case 'sequence':
      for (const item of node.items) emitNode(item, emit, program, slotOf);
      return;
    case 'group': {
      const slot = node.name === undefined ? undefined : slotOf.get(node.name);
      if (slot !== undefined) emit({ op: 'save', slot });
      emitNode(node.body, emit, program, slotOf);
      if (slot !== undefined) emit({ op: 'save', slot: slot + 1 });
      return;
    }
    case 'alternation': {
      // split L1, next; L1: option; jump end; next: split L2, … ; last option; end:
      const jumps: { op: 'jump'; to: number }[] = [];
      node.options.forEach((option, index) => {
        const isLast = index === node.options.length - 1;
        const split = isLast ? undefined : { op: 'split' as const, preferred: 0, other: 0 };
        if (split !== undefined) split.preferred = emit(split) + 1;
        emitNode(option, emit, program, slotOf);
        if (split !== undefined) {
          const jump = { op: 'jump' as const, to: 0 };
          emit(jump);
          jumps.push(jump);
          split.other = program.length;
        }
      });
      for (const jump of jumps) jump.to = program.length;
      return;
    }
    case 'repeat':
      emitRepeat(node, emit, program, slotOf);
      return;
  }
}

function emitRepeat(
  node: Extract<PatternNode, { type: 'repeat' }>,
  emit: Emit,
  program: Instruction[],
  slotOf: Map<string, number>,
): void {
  for (let count = 0; count < node.min; count += 1) emitNode(node.body, emit, program, slotOf);
  if (node.max === Number.POSITIVE_INFINITY) {
    // loop: split body, end; body; jump loop; end:
    const split = { op: 'split' as const, preferred: 0, other: 0 };
    const loop = emit(split);
    split.preferred = loop + 1;
    emitNode(node.body, emit, program, slotOf);
    emit({ op: 'jump', to: loop });
    split.other = program.length;
    return;
  }
  // Optional copies, greedy: split body, end; body; split body, end; body; … end:
  const splits: { op: 'split'; preferred: number; other: number }[] = [];
  for (let count = node.min; count < node.max; count += 1) {
    const split = { op: 'split' as const, preferred: 0, other: 0 };
    split.preferred = emit(split) + 1;
    splits.push(split);
    emitNode(node.body, emit, program, slotOf);
  }
  for (const split of splits) split.other = program.length;
}

function inSet(set: CharSet, code: number): boolean {
  const found = set.ranges.some(([from, to]) => code >= from && code <= to);
  return found !== set.negated;
}

interface Thread {
  readonly pc: number;
  readonly slots: readonly number[];
}

/** Leftmost match with RegExp's preference order, or undefined. */
function run(
  program: readonly Instruction[],
  slotCount: number,
  text: string,
  counter: StepCounter,
): number[] | undefined {
  // visitedAt[pc] === position + 1 marks an instruction already reached for this input position.
  const visitedAt = new Array<number>(program.length).fill(0);
  const add = (list: Thread[], pc: number, position: number, slots: number[]): void => {
    if (visitedAt[pc] === position + 1) return;
    visitedAt[pc] = position + 1;
    counter.steps += 1;
    const instruction = program[pc] as Instruction;
    switch (instruction.op) {
      case 'jump':
        add(list, instruction.to, position, slots);
        return;
      case 'split':
        add(list, instruction.preferred, position, slots);
        add(list, instruction.other, position, slots);
        return;
      case 'save': {
        const saved = slots.slice();
        saved[instruction.slot] = position;
        add(list, pc + 1, position, saved);
        return;
      }
      case 'assert':
        if (instruction.at === 'start' ? position === 0 : position === text.length) add(list, pc + 1, position, slots);
        return;
      default:
        list.push({ pc, slots });
    }
  };

  let current: Thread[] = [];
  let matched: number[] | undefined;
  for (let position = 0; position <= text.length; position += 1) {
    // A new attempt starting here ranks below every attempt that started further left.
    if (matched === undefined) add(current, 0, position, new Array<number>(slotCount).fill(-1));
    else if (current.length === 0) break;
    const next: Thread[] = [];
    const code = text.charCodeAt(position);
    for (const thread of current) {
      counter.steps += 1;
      const instruction = program[thread.pc] as Instruction;
      if (instruction.op === 'match') {
        matched = thread.slots as number[];
        break; // lower-ranked threads cannot win any more
      }
      if (instruction.op === 'char' && position < text.length && inSet(instruction.set, code)) {
        add(next, thread.pc + 1, position + 1, thread.slots as number[]);
      }
    }
    current = next;
  }
  return matched;
}
