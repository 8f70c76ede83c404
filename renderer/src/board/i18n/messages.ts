import type { de } from './de';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The board's message shape: German is the source, every other language has exactly its keys. */
export type BoardMessages = Widen<typeof de>;
