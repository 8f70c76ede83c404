// What the quantity pad holds but has not saved. A scan that would close the pad (another operation, a
// component label that opens its own entry) asks the operator to save or cancel it first, so a typed
// quantity is never thrown away without the operator seeing it.

let typed: string | null = null;

/** The pad's current text (its canonical decimal comma), or null when it is empty or closed. */
export function holdTypedQuantity(value: string | null): void {
  typed = value === '' ? null : value;
}

export function typedQuantity(): string | null {
  return typed;
}
