import { readdirSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { DiscoveredFile, DiscoveryOptions } from './discovery.ts';

export const defaultInclude = ['**/*.yaml', '**/*.yml', '**/*.json'] as const;
/** Never descended into: version control and package managers' trees. */
const alwaysSkippedDirectories = new Set(['.git', 'node_modules']);

/**
 * The files under a root, one at a time and already in path order, honouring every
 * .gitignore on the way down (as git does: a nested file's patterns are relative to its
 * own directory). Path order comes from listing each directory sorted by name, with `/`
 * after a directory's name: the order of the full paths, without collecting and sorting
 * them all. Where a walk stands is plain data (`state`), so a walk begun on one thread
 * can go on in another (reader-thread.ts), or again from the same point.
 *
 * Synchronous: one directory listing costs less than a promise round trip. Paths are
 * joined by hand, not with path.join, which normalises each one again: with 50,000 files
 * that showed in profiles. No stat here: the size limit is checked on the descriptor each
 * read opens anyway (read-files.ts).
 */
export class FileWalk {
  private readonly included: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;
  private readonly rules: Ignore[];

  private constructor(private readonly walk: WalkState) {
    const { include, exclude } = walk.options;
    this.included = picomatch([...(include ?? defaultInclude)], { dot: true });
    this.excluded = exclude?.length ? picomatch([...exclude], { dot: true }) : () => false;
    this.rules = walk.ignores.map((source) => ignore().add(source.text));
  }

  /** A walk of `root`; throws (as readdir does) when the root cannot be listed. */
  static start(
    root: string,
    options: Pick<DiscoveryOptions, 'include' | 'exclude'> = {},
  ): FileWalk {
    const { include, exclude } = options;
    const walk = new FileWalk({ frames: [], ignores: [], options: { include, exclude } });
    const top = resolve(root);
    walk.enter(top.endsWith(sep) ? top.slice(0, -1) : top, '', []);
    return walk;
  }

  /**
   * Goes on with a walk from `state`, which it takes as its own and changes: a copy from
   * `state()` or from a message, so it is cloned once, not again here.
   */
  static resume(state: WalkState): FileWalk {
    return new FileWalk(state);
  }

  /** Where the walk stands: the next call of `next` on a resumed copy continues here. */
  state(): WalkState {
    return structuredClone(this.walk);
  }

  /**
   * Entries listed but not yet walked, files and directories: at least as many files lie
   * ahead as there are files among them, so the walk's size can be judged early.
   */
  pending(): number {
    let count = 0;
    for (const frame of this.walk.frames) count += frame.entries.length - frame.next;
    return count;
  }

  /** The next `count` files (all that are left, by default); fewer at the end. */
  take(count = Number.POSITIVE_INFINITY): DiscoveredFile[] {
    const files: DiscoveredFile[] = [];
    while (files.length < count) {
      const file = this.next();
      if (!file) break;
      files.push(file);
    }
    return files;
  }

  /** The next file the options include, or undefined at the end. */
  next(): DiscoveredFile | undefined {
    const { frames } = this.walk;
    for (let frame = frames.at(-1); frame; frame = frames.at(-1)) {
      const entry = frame.entries[frame.next++];
      if (!entry) {
        frames.pop();
        continue;
      }
      const path = frame.base ? `${frame.base}/${entry.name}` : entry.name;
      if (entry.directory) {
        if (alwaysSkippedDirectories.has(entry.name)) continue;
        if (this.ignored(frame.ignores, `${path}/`)) continue;
        this.enter(`${frame.dir}${sep}${entry.name}`, path, frame.ignores);
      } else if (
        !this.ignored(frame.ignores, path) &&
        this.included(path) &&
        !this.excluded(path)
      ) {
        return { path, absolutePath: `${frame.dir}${sep}${entry.name}` };
      }
    }
    return undefined;
  }

  /** Lists a directory into a frame on top of the walk's stack. */
  private enter(dir: string, base: string, outer: readonly number[]): void {
    const listed = readdirSync(dir, { withFileTypes: true });
    let ignores = outer;
    if (listed.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const text = readFileSync(`${dir}${sep}.gitignore`, 'utf8');
      ignores = [...outer, this.walk.ignores.length];
      this.walk.ignores.push({ base, text });
      this.rules.push(ignore().add(text));
    }
    const entries: Entry[] = [];
    for (const entry of listed) {
      const directory = entry.isDirectory();
      if (directory || entry.isFile()) entries.push({ name: entry.name, directory });
    }
    entries.sort(byPathOrder);
    this.walk.frames.push({ dir, base, ignores, entries, next: 0 });
  }

  /** Outer .gitignore files first; a deeper file's `!pattern` re-includes, as in git. */
  private ignored(scopes: readonly number[], path: string): boolean {
    let ignored = false;
    for (const index of scopes) {
      const { base } = this.walk.ignores[index]!;
      const verdict = this.rules[index]!.test(base ? path.slice(base.length + 1) : path);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}

/** Where a walk stands, as plain data. */
export interface WalkState {
  /** The directories being listed, outermost first; the last is the one walked now. */
  frames: Frame[];
  /** Every .gitignore met so far; frames name the ones in force by index. */
  ignores: { base: string; text: string }[];
  options: Pick<DiscoveryOptions, 'include' | 'exclude'>;
}

interface Frame {
  /** Absolute, without a trailing separator. */
  dir: string;
  /** Relative to the root, '' for the root. */
  base: string;
  ignores: readonly number[];
  entries: Entry[];
  /** The entry to take next. */
  next: number;
}

interface Entry {
  name: string;
  directory: boolean;
}

/** A directory sorts as its name with `/` appended, which its files' paths begin with. */
function byPathOrder(a: Entry, b: Entry): number {
  const x = a.directory ? `${a.name}/` : a.name;
  const y = b.directory ? `${b.name}/` : b.name;
  return x < y ? -1 : x > y ? 1 : 0;
}
