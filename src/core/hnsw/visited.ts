// Visited marks for the graph search. One Uint16Array reused by every search: a search bumps the
// generation instead of clearing, so marking costs O(1) and starting a search costs nothing
// (a full clear happens once every 65 535 searches).

export class VisitedSet {
  private marks: Uint16Array;
  private generation = 1;

  constructor(capacity: number) {
    this.marks = new Uint16Array(Math.max(capacity, 16));
  }

  /** Starts a new search over `capacity` slots. */
  reset(capacity: number): void {
    if (capacity > this.marks.length) {
      this.marks = new Uint16Array(Math.max(capacity, this.marks.length * 2));
      this.generation = 1;
      return;
    }
    this.generation += 1;
    if (this.generation === 0x10000) {
      this.marks.fill(0);
      this.generation = 1;
    }
  }

  /** Marks the slot; returns true when it was already marked in this search. */
  visit(slot: number): boolean {
    if (this.marks[slot] === this.generation) return true;
    this.marks[slot] = this.generation;
    return false;
  }
}
