/**
 * When the log's rows are drawn again. A row is drawn from its entry (and a reply's original) and from
 * what every row shares: the words, the language, the density, who is reading, the names, the status,
 * and what the controllers draw inside rows (an open menu, an edit form, a highlight, a loaded image).
 * While those stay the same, an update draws only the rows whose entries changed, so an incoming post
 * costs the same in a history of 1,000 as in one of 10.
 */

/** Counts the changes a controller makes to what it draws inside rows; each change redraws every row. */
export class ChangeCounter {
  private changes = 0;

  constructor(private readonly requestUpdate: () => void) {}

  /** Changes so far. */
  get count(): number {
    return this.changes;
  }

  /** Something drawn changed: count it and ask the host to render. */
  changed(): void {
    this.changes++;
    this.requestUpdate();
  }
}

/** What every row is drawn from: one object for as long as the inputs stay the same (Lit's `guard` compares it). */
export class RowInputs {
  private inputs: readonly unknown[] = [];
  private current: object = {};

  /** The token for `inputs`: the last one while each input is the same value, else a new one. */
  token(inputs: readonly unknown[]): object {
    if (inputs.length !== this.inputs.length || inputs.some((input, i) => !Object.is(input, this.inputs[i]))) {
      this.inputs = inputs;
      this.current = {};
    }
    return this.current;
  }
}
