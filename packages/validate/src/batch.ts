import type { SourceFile, Token } from './sources.ts';

// How a run is cut for threads: runs of documents in file order, about 64 kB each,
// so one big file (a `kustomize build` on stdin) spreads as well as many small ones, and the
// results come back in an order that is simply the batches' order.

/** Consecutive documents of one file: `first` is the index of the first in its file. */
export interface Unit {
  readonly file: number;
  readonly path: string;
  readonly first: number;
  readonly tokens: readonly Token[];
}

/** Units of consecutive files; a file with no document is a unit without tokens. */
export interface Batch {
  readonly id: number;
  readonly units: readonly Unit[];
}

/** Cuts the files' documents (`documents[i]` of `files[i]`) into batches of about `size` characters. */
export function planBatches(
  files: readonly SourceFile[],
  documents: readonly (readonly Token[])[],
  size: number,
): Batch[] {
  const batches: Batch[] = [];
  let units: Unit[] = [];
  let length = 0;
  const close = () => {
    if (units.length > 0) batches.push({ id: batches.length, units });
    units = [];
    length = 0;
  };
  for (const [file, { path }] of files.entries()) {
    const tokens = documents[file]!;
    let first = 0;
    if (tokens.length === 0) units.push({ file, path, first, tokens });
    while (first < tokens.length) {
      let end = first;
      while (end < tokens.length && (length < size || end === first))
        length += tokens[end++]!.text.length;
      units.push({ file, path, first, tokens: tokens.slice(first, end) });
      first = end;
      if (length >= size) close();
    }
  }
  close();
  return batches;
}

// Every letter of the kind either as itself or as a JSON/YAML escape (\x43, \u0043,
// \U00000043), with escaped line breaks of a double-quoted YAML scalar between letters.
const escapedKind = new RegExp(
  [...'CustomResourceDefinition']
    .map((letter) => {
      const code = letter.charCodeAt(0);
      const hex = (digits: number) =>
        code
          .toString(16)
          .padStart(digits, '0')
          .replace(/[a-f]/g, (c) => `[${c}${c.toUpperCase()}]`);
      return `(?:${letter}|\\\\x${hex(2)}|\\\\u${hex(4)}|\\\\U${hex(8)})`;
    })
    .join('(?:\\\\\\r?\\n[ \\t]*)*'),
);

/**
 * Whether a file may hold a CustomResourceDefinition, which serves its kinds to every file
 * of the run: the main thread reads such files first. A kind can only decode to
 * `CustomResourceDefinition` if its letters are written out or escaped, so a file passing
 * neither test holds none.
 */
export function mayHoldCrd(text: string): boolean {
  return (
    text.includes('CustomResourceDefinition') || (text.includes('\\') && escapedKind.test(text))
  );
}
