/**
 * An immutable list with O(1) appends: each list is a view of the first `length` items of a
 * backing array that only ever grows. Appending to the newest view pushes in place (older views
 * keep their length, so what they show never changes); appending to an older view copies first.
 * This keeps `reduceRunState` pure without copying thousands of points per event.
 */
export class AppendOnlyList<T> implements Iterable<T> {
  static empty<T>(): AppendOnlyList<T> {
    return new AppendOnlyList<T>([], 0);
  }

  static from<T>(items: Iterable<T>): AppendOnlyList<T> {
    const copy = [...items];
    return new AppendOnlyList(copy, copy.length);
  }

  private constructor(
    private readonly items: T[],
    readonly length: number,
  ) {}

  /** The item at `index` (negative counts from the end), or undefined outside the list. */
  at(index: number): T | undefined {
    const i = index < 0 ? this.length + index : index;
    return i >= 0 && i < this.length ? this.items[i] : undefined;
  }

  append(item: T): AppendOnlyList<T> {
    // Only the newest view may extend the shared array in place (a frozen one is copied too).
    const items = this.items.length === this.length && !Object.isFrozen(this.items) ? this.items : this.items.slice(0, this.length);
    items.push(item);
    return new AppendOnlyList(items, this.length + 1);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.items[i] as T;
  }

  /** A plain array copy, for `map`/`filter`/sorting. */
  toArray(): T[] {
    return this.items.slice(0, this.length);
  }
}
