import { posix } from 'node:path';
import { NotPreviewableError } from './errors.ts';

/** One path git tracks, as `git ls-files -s` shows it. */
export interface GitTreeEntry {
  path: string;
  /** `file` (modes 100644, 100755), `symlink` (120000), `submodule` (160000, a gitlink). */
  kind: 'file' | 'symlink' | 'submodule';
  /** A symlink's target, as written in the link. */
  target?: string;
}

/** Every path of one revision of a repository, with its kind. */
export interface GitTree {
  /** The commit read; undefined for the working tree. */
  commit?: string;
  entries: GitTreeEntry[];
}

/** A RepoReader that can also list a revision's tree with kinds (gitRepository is one). */
export interface TreeReader {
  listTree(repoURL: string, revision: string): Promise<GitTree>;
}

/**
 * Where the repo-server checks a repository out: `os.TempDir()/_argocd-repo/<random UUID>`
 * (util/io/path's randomized temp paths). Its errors name paths under it.
 */
export const repoServerRoot = '/tmp/_argocd-repo/<uuid>';

/**
 * The `.git` directory of the repo-server's checkout, which doublestar globbing walks like
 * any other directory. Only what is always there: go-git's `PlainInit` makes `HEAD`,
 * `objects/` and `refs/`, `CreateRemote` writes `config`, and `git checkout --force` the
 * `index`. (Fetches add more — packs, remote refs, logs — that no realistic pattern names.)
 */
function dotGit(commit: string, repoURL: string): Array<[string, Node]> {
  return [
    ['.git', { kind: 'dir' }],
    // The checkout is detached at the resolved commit.
    ['.git/HEAD', { kind: 'file', content: `${commit}\n` }],
    [
      '.git/config',
      {
        kind: 'file',
        content: `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${repoURL}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
      },
    ],
    ['.git/index', { kind: 'file', content: 'DIRC\0\0\0\u0002' }],
    ['.git/objects', { kind: 'dir' }],
    ['.git/refs', { kind: 'dir' }],
  ];
}

type Node =
  | { kind: 'dir' }
  | { kind: 'file'; content?: string }
  | { kind: 'symlink'; target: string };

/** Where a path leads once every symlink on it is followed, as the kernel resolves it. */
export type Resolution =
  | { kind: 'file' | 'dir'; real: string }
  /** A component does not exist or is not a directory: `at` is the path that fails. */
  | { kind: 'missing'; at: string; reason: 'no such file or directory' | 'not a directory' }
  /** Leaves the checkout (`..` above the root, an absolute target). */
  | { kind: 'outside' }
  /** More symlinks than the resolver follows. */
  | { kind: 'loop' };

/** Linux's MAXSYMLINKS: a path lookup following more fails with ELOOP. */
export const kernelLinks = 40;
/** Go's filepath.EvalSymlinks gives up after 255 links ("EvalSymlinks: too many links"). */
export const evalSymlinksLinks = 255;
/**
 * A symlink cycle makes doublestar descend until the kernel refuses the path: 40 levels,
 * each holding the whole cycle. Past this many paths the preview gives up.
 */
const maxWalk = 500_000;

/**
 * The repo-server's checkout of one revision: the tracked files, the directories holding
 * them, submodules as directories, symlinks, and the `.git` directory. Paths are relative to
 * the checkout's root with `/`; the root itself is `.`.
 */
export class Checkout {
  /** The commit checked out, as the repo-server's messages name it. */
  readonly commit: string;
  private readonly nodes = new Map<string, Node>([['.', { kind: 'dir' }]]);
  private readonly children = new Map<string, string[]>();
  private walked?: string[];

  /**
   * `revision` names the revision in messages when the tree has no commit: the working
   * tree, or a reader that cannot tell.
   */
  constructor(tree: GitTree, repoURL: string, revision = '(working tree)') {
    this.commit = tree.commit ?? revision;
    // A 40-hex string like a commit, for HEAD's content at the working tree.
    const head = tree.commit ?? '0123456789abcdef0123456789abcdef01234567';
    for (const [path, node] of dotGit(head, repoURL)) this.add(path, node);
    for (const entry of tree.entries) {
      if (entry.path.split('/')[0] === '.git') continue;
      if (entry.kind === 'symlink')
        this.add(entry.path, { kind: 'symlink', target: entry.target ?? '' });
      else this.add(entry.path, entry.kind === 'submodule' ? { kind: 'dir' } : { kind: 'file' });
    }
    for (const names of this.children.values()) names.sort(compareNames);
  }

  private add(path: string, node: Node): void {
    const parent = posix.dirname(path);
    if (!this.nodes.has(parent)) this.add(parent, { kind: 'dir' });
    if (!this.nodes.has(path))
      this.children.set(parent, [...(this.children.get(parent) ?? []), posix.basename(path)]);
    this.nodes.set(path, node);
  }

  /** The content the checkout holds at `real` when fleetops cannot read it with git (`.git`). */
  modelContent(real: string): string | undefined {
    const node = this.nodes.get(real);
    return node?.kind === 'file' ? node.content : undefined;
  }

  /** Follows every symlink on `path`, component by component, at most `limit` of them. */
  resolve(path: string, limit = kernelLinks): Resolution {
    const pending = path === '.' ? [] : path.split('/');
    const current: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (current.length === 0) return { kind: 'outside' };
        current.pop();
        continue;
      }
      const at = [...current, name].join('/');
      const node = this.nodes.get(at);
      if (!node) return { kind: 'missing', at, reason: 'no such file or directory' };
      if (node.kind === 'symlink') {
        if (++links > limit) return { kind: 'loop' };
        if (node.target.startsWith('/')) return { kind: 'outside' };
        pending.unshift(...node.target.split('/'));
        continue;
      }
      const next = pending.find((p) => p !== '' && p !== '.');
      if (node.kind === 'file' && next !== undefined)
        return { kind: 'missing', at: `${at}/${next}`, reason: 'not a directory' };
      current.push(name);
    }
    const real = current.length === 0 ? '.' : current.join('/');
    return { kind: this.nodes.get(real)?.kind === 'dir' ? 'dir' : 'file', real };
  }

  /**
   * Every path below the root in the order doublestar's glob reaches them: depth first,
   * each directory's entries by name, a directory before its contents. A symlink to a
   * directory is entered like one (doublestar follows links), a cycle included, until the
   * kernel refuses the path (ELOOP): the link is then listed like a file.
   */
  walk(): string[] {
    if (this.walked) return this.walked;
    const out: string[] = [];
    const visit = (virtual: string, real: string) => {
      for (const name of this.children.get(real) ?? []) {
        const path = virtual === '.' ? name : `${virtual}/${name}`;
        const child = real === '.' ? name : `${real}/${name}`;
        out.push(path);
        if (out.length > maxWalk)
          throw new NotPreviewableError(
            `the repository's symlinks make more than ${maxWalk} paths for doublestar to walk (a cycle?) — not previewable`,
            'git',
          );
        const node = this.nodes.get(child)!;
        if (node.kind === 'dir') visit(path, child);
        else if (node.kind === 'symlink') {
          const target = this.resolve(path);
          if (target.kind === 'dir') visit(path, target.real);
        }
      }
    };
    visit('.', '.');
    this.walked = out;
    return out;
  }
}

/** Go's sort order of names (fs.ReadDir): bytes, which is code point order here. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
