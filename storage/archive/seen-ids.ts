/**
 * The record ids an import has read so far, each with the position it was read at, so that a
 * second record with the same id is refused naming the first. An archive of a million records
 * has a million ids: held as strings in a Map they took some 150 MB of the tab's heap while
 * the plan read the archive (the bench's million-record import peaked at 228 MB, 2× the bare
 * import). Imported ids are checked to be the ids their facts give (`kind:` and 32 hex digits
 * of a 128-bit hash, ../ids.ts), so each is kept here as its kind's number and its four 32-bit
 * words in typed arrays, found through an open-addressing table: about 30 MB for a million.
 * An id of any other form (none passes the checks today) is kept as it is, in a Map.
 */

const CANONICAL = /^([a-z][a-z-]*):([0-9a-f]{32})$/;
const EMPTY = -1;

export class SeenIds {
  private readonly kinds = new Map<string, number>();
  private readonly others = new Map<string, number>();
  /** Entry e's hash is words[4e..4e+3]; its kind kinds' number; its position positions[e]. */
  private words = new Uint32Array(4 * 1024);
  private kindOf = new Uint16Array(1024);
  private positions = new Uint32Array(1024);
  private count = 0;
  /** Entry numbers by the hash's first word, linear probing; a power of two, at most half full. */
  private slots = new Int32Array(2048).fill(EMPTY);

  get size(): number {
    return this.count + this.others.size;
  }

  /** Keeps `id` as read at `position`; returns the position it was read at before, if it was. */
  add(id: string, position: number): number | undefined {
    const match = CANONICAL.exec(id);
    if (!match) {
      const first = this.others.get(id);
      if (first === undefined) this.others.set(id, position);
      return first;
    }
    const hex = match[2]!;
    const w0 = parseInt(hex.slice(0, 8), 16);
    const w1 = parseInt(hex.slice(8, 16), 16);
    const w2 = parseInt(hex.slice(16, 24), 16);
    const w3 = parseInt(hex.slice(24, 32), 16);
    let kind = this.kinds.get(match[1]!);
    if (kind === undefined) {
      kind = this.kinds.size;
      this.kinds.set(match[1]!, kind);
    }
    const mask = this.slots.length - 1;
    let slot = w0 & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) break;
      const at = 4 * entry;
      if (
        this.words[at] === w0 &&
        this.words[at + 1] === w1 &&
        this.words[at + 2] === w2 &&
        this.words[at + 3] === w3 &&
        this.kindOf[entry] === kind
      ) {
        return this.positions[entry];
      }
      slot = (slot + 1) & mask;
    }
    if (this.count === this.kindOf.length) this.growEntries();
    const entry = this.count++;
    const at = 4 * entry;
    this.words[at] = w0;
    this.words[at + 1] = w1;
    this.words[at + 2] = w2;
    this.words[at + 3] = w3;
    this.kindOf[entry] = kind;
    this.positions[entry] = position;
    this.slots[slot] = entry;
    if (2 * this.count > this.slots.length) this.growSlots();
    return undefined;
  }

  private growEntries(): void {
    const capacity = 2 * this.kindOf.length;
    const words = new Uint32Array(4 * capacity);
    words.set(this.words);
    this.words = words;
    const kindOf = new Uint16Array(capacity);
    kindOf.set(this.kindOf);
    this.kindOf = kindOf;
    const positions = new Uint32Array(capacity);
    positions.set(this.positions);
    this.positions = positions;
  }

  private growSlots(): void {
    const slots = new Int32Array(2 * this.slots.length).fill(EMPTY);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.words[4 * entry]! & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}
