import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NotPreviewableError } from './errors.ts';
import type { RepoReader } from './types.ts';

const run = promisify(execFile);
/** ls-files of a large monorepo runs to tens of megabytes. */
const maxBuffer = 512 * 1024 * 1024;

export interface GitRepositoryOptions {
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
 * naming another repository reject with NotPreviewableError. A generator's `revision`:
 * HEAD, '' and the default branch read the previewed revision (what the pull request
 * changes); another revision git has locally is read at that revision; one it does not
 * have rejects with NotPreviewableError ("external, assumed unchanged"). Files are listed by
 * `git ls-files` itself, so patterns have git's pathspec semantics exactly.
 */
export async function gitRepository(
  root: string,
  options: GitRepositoryOptions = {},
): Promise<RepoReader & { close(): Promise<void> }> {
  const git = async (args: string[], env?: NodeJS.ProcessEnv) =>
    (await run('git', ['-C', root, ...args], { maxBuffer, env: { ...process.env, ...env } }))
      .stdout;
  const remotes = await git(['remote', '-v']).catch(() => '');
  const urls = new Set(
    [...remotes.split('\n').map((line) => line.split(/\s+/)[1] ?? ''), ...(options.urls ?? [])]
      .filter((url) => url !== '')
      .map(normalizeRepoURL),
  );
  const previewed = await view(git, options.revision);
  const pinned = new Map<string, Promise<RevisionView | undefined>>();
  let defaultBranch: Promise<string[]> | undefined;

  const check = (repoURL: string) => {
    if (options.anyUrl || urls.has(normalizeRepoURL(repoURL))) return;
    throw new NotPreviewableError(
      `git repository ${repoURL} is not this repository — external, assumed unchanged (not previewable offline)`,
      'git',
    );
  };
  /**
   * The tree a generator's `revision` names. HEAD, '' and the default branch are what the
   * pull request changes: the previewed revision. Any other revision git has locally (a
   * tag, a branch, a commit) is read at that revision, exactly as Argo CD would read it, so
   * base and head see the same files; one git does not have is external.
   */
  const at = async (repoURL: string, revision: string): Promise<RevisionView> => {
    check(repoURL);
    const rev = revision.trim();
    if (rev === '' || rev === 'HEAD') return previewed;
    defaultBranch ??= defaultBranchNames(git);
    if ((await defaultBranch).includes(rev)) return previewed;
    if (options.revision !== undefined && rev === options.revision) return previewed;
    let found = pinned.get(rev);
    if (!found) {
      found = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).then(
        (sha) => view(git, sha.trim()),
        () => undefined,
      );
      pinned.set(rev, found);
    }
    const resolved = await found;
    if (resolved) return resolved;
    throw new NotPreviewableError(
      `git repository ${repoURL} at revision ${rev}: the revision is not available locally — external, assumed unchanged`,
      'git',
    );
  };

  return {
    async listDirectories(repoURL, revision) {
      return (await at(repoURL, revision)).directories();
    },
    async listFiles(repoURL, revision, pattern) {
      return (await at(repoURL, revision)).lsFiles(pattern === '' ? '.' : pattern);
    },
    async readFile(repoURL, revision, path) {
      const tree = await at(repoURL, revision);
      if (tree.revision === undefined) return readFile(join(root, path), 'utf8');
      return git(['show', `${tree.revision}:./${path}`]);
    },
    async close() {
      const views = [previewed, ...(await Promise.all(pinned.values()))];
      for (const tree of views) if (tree) await tree.close();
    },
  };
}

type Git = (args: string[], env?: NodeJS.ProcessEnv) => Promise<string>;

interface RevisionView {
  /** Undefined for the working tree. */
  revision?: string;
  lsFiles(pattern?: string): Promise<string[]>;
  directories(): Promise<string[]>;
  close(): Promise<void>;
}

/** One tree of the repository: a revision, or the working tree. */
async function view(git: Git, revision: string | undefined): Promise<RevisionView> {
  let indexDir: string | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  if (revision !== undefined) {
    // A private index holding the revision's tree lets `git ls-files` match pathspecs at it.
    indexDir = await mkdtemp(join(tmpdir(), 'fleetops-appset-index-'));
    env = { GIT_INDEX_FILE: join(indexDir, 'index') };
    await git(['read-tree', revision], env);
  }
  const scope = revision === undefined ? ['-co', '--exclude-standard'] : [];
  const lsFiles = async (pattern?: string) => {
    const args = ['ls-files', '-z', ...scope, ...(pattern === undefined ? [] : ['--', pattern])];
    const out = await git(args, env);
    return [...new Set(out.split('\0').filter((path) => path !== ''))];
  };
  // A matrix asks once per parameter set of its first child: list and sort once.
  let allDirectories: Promise<string[]> | undefined;
  return {
    ...(revision === undefined ? {} : { revision }),
    lsFiles,
    async directories() {
      allDirectories ??= lsFiles().then(directoriesOf);
      return [...(await allDirectories)];
    },
    async close() {
      if (indexDir) await rm(indexDir, { recursive: true, force: true });
    },
  };
}

/**
 * The repository's default branch: what `origin/HEAD` points at, else `main` or `master`
 * when such a branch exists, else both names.
 */
async function defaultBranchNames(git: Git): Promise<string[]> {
  const origin = await git(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).catch(() => '');
  const name = origin.trim().replace(/^refs\/remotes\/origin\//, '');
  if (name !== '') return [name, `refs/heads/${name}`];
  for (const candidate of ['main', 'master']) {
    const exists = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${candidate}`]).then(
      () => true,
      () => false,
    );
    if (exists) return [candidate, `refs/heads/${candidate}`];
  }
  return ['main', 'master'];
}

/**
 * The directories a checkout of these files holds, in the order Go's filepath.WalkDir
 * visits them; hidden directories and everything below them are left out, as the
 * repo-server does by default.
 */
export function directoriesOf(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    const segments = file.split('/').slice(0, -1);
    const hidden = segments.findIndex((segment) => segment.startsWith('.'));
    const visible = hidden === -1 ? segments : segments.slice(0, hidden);
    for (let i = 1; i <= visible.length; i++) dirs.add(visible.slice(0, i).join('/'));
  }
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
