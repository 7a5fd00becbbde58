import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NotPreviewableError } from './errors.ts';
import type { GitTree, GitTreeEntry, TreeReader } from './git-checkout.ts';
import { type Branches, revisionResolver } from './git-revision.ts';
import type { RepoReader } from './types.ts';

const run = promisify(execFile);
/** ls-files of a large monorepo runs to tens of megabytes. */
const maxBuffer = 512 * 1024 * 1024;

export interface GitRepositoryOptions extends Branches {
  /**
   * The revision to read (a commit, branch or tag); absent means the working tree: tracked
   * and untracked-but-not-ignored files, so a preview shows uncommitted work.
   */
  revision?: string;
  /** More URLs under which generators refer to this repository (besides its remotes). */
  urls?: readonly string[];
  /** Read every repoURL from this checkout (`fleetops appset generate --repo`). */
  anyUrl?: boolean;
}

/**
 * The repository at `root` as the git generator's repo-server sees it. `root` may be a
 * subdirectory of a checkout: it is then treated as the repository's root. Generators
 * naming another repository reject with NotPreviewableError. A generator's `revision` is
 * resolved as Argo CD resolves it against the remote (see git-revision.ts): what the change
 * lands on is the previewed revision; another revision git has is read at it; one it does
 * not have rejects with NotPreviewableError ("external, assumed unchanged"). Files are
 * listed by `git ls-files` itself, so patterns have git's pathspec semantics exactly.
 */
export async function gitRepository(
  root: string,
  options: GitRepositoryOptions = {},
): Promise<RepoReader & TreeReader & { close(): Promise<void> }> {
  const git = async (args: string[], env?: NodeJS.ProcessEnv) =>
    (await run('git', ['-C', root, ...args], { maxBuffer, env: { ...process.env, ...env } }))
      .stdout;
  const remoteLines = await git(['remote', '-v']).catch(() => '');
  const remotes = new Map<string, string>();
  for (const line of remoteLines.split('\n')) {
    const [name, url] = line.split(/\s+/);
    if (name && url) remotes.set(normalizeRepoURL(url), name);
  }
  const urls = new Set([...remotes.keys(), ...(options.urls ?? []).map(normalizeRepoURL)]);
  const previewed = await view(git, root, options.revision);
  const pinned = new Map<string, Promise<RevisionView | undefined>>();
  const resolver = revisionResolver(git, options);

  const check = (repoURL: string) => {
    if (options.anyUrl || urls.has(normalizeRepoURL(repoURL))) return;
    throw new NotPreviewableError(
      `git repository ${repoURL} is not this repository — external, assumed unchanged (not previewable offline)`,
      'git',
    );
  };
  const at = async (repoURL: string, revision: string): Promise<RevisionView> => {
    check(repoURL);
    const remote = remotes.get(normalizeRepoURL(repoURL)) ?? 'origin';
    const target = await resolver.resolve(repoURL, revision.trim(), remote);
    if (target.kind === 'previewed') return previewed;
    if (target.kind === 'missing') throw new NotPreviewableError(target.reason, 'git');
    let found = pinned.get(target.commit);
    if (!found) {
      found = view(git, root, target.commit);
      pinned.set(target.commit, found);
    }
    return (await found)!;
  };

  return {
    async listDirectories(repoURL, revision) {
      return (await at(repoURL, revision)).directories();
    },
    async listFiles(repoURL, revision, pattern) {
      return (await at(repoURL, revision)).lsFiles(pattern === '' ? '.' : pattern);
    },
    async listTree(repoURL, revision) {
      return (await at(repoURL, revision)).tree();
    },
    async readFile(repoURL, revision, path) {
      const tree = await at(repoURL, revision);
      if (tree.commit === undefined) return readFile(join(root, path), 'utf8');
      return git(['show', `${tree.commit}:./${path}`]);
    },
    async close() {
      const views = [previewed, ...(await Promise.all(pinned.values()))];
      for (const tree of views) if (tree) await tree.close();
    },
  };
}

type Git = (args: string[], env?: NodeJS.ProcessEnv) => Promise<string>;

interface RevisionView {
  /** The commit read; undefined for the working tree. */
  commit?: string;
  lsFiles(pattern?: string): Promise<string[]>;
  tree(): Promise<GitTree>;
  directories(): Promise<string[]>;
  close(): Promise<void>;
}

/** One tree of the repository: a revision, or the working tree. */
async function view(git: Git, root: string, revision: string | undefined): Promise<RevisionView> {
  let indexDir: string | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  let commit: string | undefined;
  if (revision !== undefined) {
    commit = (await git(['rev-parse', '--verify', `${revision}^{commit}`])).trim();
    // A private index holding the revision's tree lets `git ls-files` match pathspecs at it.
    indexDir = await mkdtemp(join(tmpdir(), 'fleetops-appset-index-'));
    env = { GIT_INDEX_FILE: join(indexDir, 'index') };
    await git(['read-tree', commit], env);
  }
  const scope = commit === undefined ? ['-co', '--exclude-standard'] : [];
  const split = (out: string) => out.split('\0').filter((path) => path !== '');
  // A file deleted from the working tree but not from the index is not in the change.
  let deleted: Promise<Set<string>> | undefined;
  const deletedFiles = () =>
    (deleted ??=
      commit === undefined
        ? git(['ls-files', '-z', '-d']).then((out) => new Set(split(out)))
        : Promise.resolve(new Set<string>()));
  const lsFiles = async (pattern?: string) => {
    const args = ['ls-files', '-z', ...scope, ...(pattern === undefined ? [] : ['--', pattern])];
    const [out, gone] = await Promise.all([git(args, env), deletedFiles()]);
    return [...new Set(split(out))].filter((path) => !gone.has(path));
  };
  let tree: Promise<GitTree> | undefined;
  const listTree = async (): Promise<GitTree> => {
    const [out, gone] = await Promise.all([
      git(['ls-files', '-z', '-s', ...scope], env),
      deletedFiles(),
    ]);
    const entries = await Promise.all(
      split(out).map((line) => entryOf(line, commit === undefined ? root : undefined, git)),
    );
    const seen = new Set<string>();
    const kept = entries.filter((entry) => {
      if (gone.has(entry.path) || seen.has(entry.path)) return false;
      seen.add(entry.path);
      return true;
    });
    return { ...(commit === undefined ? {} : { commit }), entries: kept };
  };
  const readTree = () => {
    tree ??= listTree();
    return tree;
  };
  // A matrix asks once per parameter set of its first child: list and sort once.
  let allDirectories: Promise<string[]> | undefined;
  return {
    ...(commit === undefined ? {} : { commit }),
    lsFiles,
    tree: readTree,
    async directories() {
      allDirectories ??= readTree().then(({ entries }) =>
        directoriesOf(
          entries.filter((e) => e.kind !== 'submodule').map((e) => e.path),
          entries.filter((e) => e.kind === 'submodule').map((e) => e.path),
        ),
      );
      return [...(await allDirectories)];
    },
    async close() {
      if (indexDir) await rm(indexDir, { recursive: true, force: true });
    },
  };
}

/**
 * One line of `git ls-files -s`: `MODE OBJECT STAGE\tPATH`; an untracked file (working
 * tree only) is a bare path, its kind read from the disk. A symlink's target is its blob
 * at a revision, the link itself in the working tree.
 */
async function entryOf(
  line: string,
  workTree: string | undefined,
  git: Git,
): Promise<GitTreeEntry> {
  const tab = line.indexOf('\t');
  if (tab === -1) {
    const path = line.replace(/\/$/, '');
    // `ls-files -o` shows a nested repository as `dir/`: a directory, like a submodule.
    if (line.endsWith('/')) return { path, kind: 'submodule' };
    const stat = workTree ? await lstat(join(workTree, path)).catch(() => undefined) : undefined;
    if (workTree && stat?.isSymbolicLink())
      return { path, kind: 'symlink', target: await readlink(join(workTree, path)) };
    return { path, kind: 'file' };
  }
  const [mode, object] = line.slice(0, tab).split(' ');
  const path = line.slice(tab + 1);
  if (mode === '160000') return { path, kind: 'submodule' };
  if (mode !== '120000') return { path, kind: 'file' };
  const target = workTree
    ? await readlink(join(workTree, path)).catch(() => undefined)
    : await git(['cat-file', 'blob', object!]);
  // A tracked link replaced by a file in the working tree is a file.
  return target === undefined ? { path, kind: 'file' } : { path, kind: 'symlink', target };
}

/**
 * The directories a checkout of these files holds, in the order Go's filepath.WalkDir
 * visits them; hidden directories and everything below them are left out, as the
 * repo-server does by default. `directories` are directories themselves (submodules,
 * which a checkout holds as directories). A symlink to a directory is no directory here:
 * WalkDir does not follow links.
 */
export function directoriesOf(
  files: readonly string[],
  directories: readonly string[] = [],
): string[] {
  const dirs = new Set<string>();
  const add = (segments: string[]) => {
    const hidden = segments.findIndex((segment) => segment.startsWith('.'));
    const visible = hidden === -1 ? segments : segments.slice(0, hidden);
    for (let i = 1; i <= visible.length; i++) dirs.add(visible.slice(0, i).join('/'));
  };
  for (const file of files) add(file.split('/').slice(0, -1));
  for (const dir of directories) add(dir.split('/'));
  return [...dirs].sort(compareWalkOrder);
}

function compareWalkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** `https://github.com/org/repo.git`, `git@github.com:org/repo` → `github.com/org/repo`. */
export function normalizeRepoURL(url: string): string {
  let text = url.trim();
  const scp = /^([^@/]+@)?([^:/]+):(?!\/)(.*)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `${scp[2]}/${scp[3]}`;
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]+@/, '');
  text = text.replace(/\/+$/, '').replace(/\.git$/, '');
  const slash = text.indexOf('/');
  return slash === -1 ? text.toLowerCase() : text.slice(0, slash).toLowerCase() + text.slice(slash);
}
