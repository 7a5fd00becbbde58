/**
 * How a git generator's `revision` is read. Argo CD's repo-server resolves it against the
 * remote (util/git/client.go lsRemote): `''` and `HEAD` are the remote's HEAD, i.e. its
 * default branch; a 40-hex SHA is itself; a name is the first remote ref whose short name
 * it is (branches sort before tags); then a truncated SHA. A preview shows what a change
 * does once it lands on its target branch, so every name of that branch reads the
 * previewed revision; any other revision is read as the remote has it (the remote-tracking
 * branch, else a local branch or tag, else a commit) or, when git lacks it, is external.
 */

export interface Branches {
  /**
   * The repository's default branch, which Argo CD reads for `HEAD` and `''`. Default: what
   * `refs/remotes/<remote>/HEAD` points at, else `main` or `master` when git has such a
   * branch; unknown (both names) otherwise, as in actions/checkout's detached clone of a
   * pull request, which has neither `origin/HEAD` nor local branches.
   */
  defaultBranch?: string;
  /** The branch the previewed revision lands on (a pull request's base). Default: the default branch. */
  targetBranch?: string;
}

export type Target =
  | { kind: 'previewed' }
  | { kind: 'commit'; commit: string }
  | { kind: 'missing'; reason: string };

type Git = (args: string[]) => Promise<string>;

/** Argo CD's IsCommitSHA and IsTruncatedCommitSHA. */
const fullSha = /^[0-9a-f]{40}$/i;
const truncatedSha = /^[0-9a-f]{7,}$/i;

export function revisionResolver(git: Git, options: Branches & { revision?: string }) {
  const commitOf = (ref: string) =>
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then(
      (sha) => sha.trim(),
      () => undefined,
    );
  const defaults = new Map<string, Promise<string | undefined>>();
  /** The remote's default branch, when known. */
  const defaultOf = (remote: string) => {
    let found = defaults.get(remote);
    if (!found) {
      found = detectDefault(git, remote, options.defaultBranch);
      defaults.set(remote, found);
    }
    return found;
  };
  /** The names of the branch the change lands on; both usual names when nothing is known. */
  const targetsOf = async (remote: string): Promise<string[]> => {
    if (options.targetBranch) return [branchName(options.targetBranch)];
    const name = await defaultOf(remote);
    return name === undefined ? ['main', 'master'] : [name];
  };
  /** A branch, tag, ref or SHA as the remote has it, from what git holds locally. */
  const local = async (rev: string, remote: string): Promise<string | undefined> => {
    if (fullSha.test(rev)) return commitOf(rev);
    // Not a ref name (git check-ref-format): an expression like HEAD~1, which only git reads.
    if (/[~^:?*[\\\s]|@\{|\.\./.test(rev)) return undefined;
    const branch = rev.startsWith('refs/heads/') ? rev.slice('refs/heads/'.length) : undefined;
    const candidates = rev.startsWith('refs/')
      ? [...(branch ? [`refs/remotes/${remote}/${branch}`] : []), rev]
      : [`refs/remotes/${remote}/${rev}`, `refs/heads/${rev}`, `refs/tags/${rev}`];
    for (const ref of candidates) {
      const commit = await commitOf(ref);
      if (commit) return commit;
    }
    return truncatedSha.test(rev) ? commitOf(rev) : undefined;
  };
  const cache = new Map<string, Promise<Target>>();

  const resolveUncached = async (repoURL: string, rev: string, remote: string): Promise<Target> => {
    const targets = await targetsOf(remote);
    const external = (why: string): Target => ({
      kind: 'missing',
      reason: `git repository ${repoURL} at revision ${rev}: ${why} — external, assumed unchanged`,
    });
    if (rev === '' || rev === 'HEAD') {
      const name = await defaultOf(remote);
      if (name === undefined || targets.includes(name)) return { kind: 'previewed' };
      const commit = await local(name, remote);
      if (commit) return { kind: 'commit', commit };
      return external(
        `HEAD is the default branch ${name}, which this change does not land on (${targets[0]}), and it is not available locally`,
      );
    }
    if (targets.includes(branchName(rev))) return { kind: 'previewed' };
    if (options.revision !== undefined && rev === options.revision) return { kind: 'previewed' };
    const commit = await local(rev, remote);
    if (commit) return { kind: 'commit', commit };
    return external('the revision is not available locally');
  };

  return {
    resolve(repoURL: string, rev: string, remote: string): Promise<Target> {
      const key = `${remote}\0${rev}`;
      let found = cache.get(key);
      if (!found) {
        found = resolveUncached(repoURL, rev, remote);
        cache.set(key, found);
      }
      return found;
    },
  };
}

async function detectDefault(
  git: Git,
  remote: string,
  given: string | undefined,
): Promise<string | undefined> {
  if (given) return branchName(given);
  const head = await git(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`]).catch(
    () => '',
  );
  const name = head.trim().replace(`refs/remotes/${remote}/`, '');
  if (name !== '') return name;
  for (const candidate of ['main', 'master'])
    for (const ref of [`refs/remotes/${remote}/${candidate}`, `refs/heads/${candidate}`]) {
      const exists = await git(['rev-parse', '--verify', '--quiet', ref]).then(
        () => true,
        () => false,
      );
      if (exists) return candidate;
    }
  return undefined;
}

/** `refs/heads/main` → `main`; other names as given. */
function branchName(rev: string): string {
  return rev.startsWith('refs/heads/') ? rev.slice('refs/heads/'.length) : rev;
}

/**
 * The branches a GitHub `pull_request` event names: the repository's default branch and the
 * pull request's base, where the change lands.
 */
export function branchesOfEvent(event: unknown): Branches {
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const payload = record(event);
  const defaultBranch = record(payload.repository).default_branch;
  const targetBranch = record(record(payload.pull_request).base).ref;
  return {
    ...(typeof defaultBranch === 'string' && defaultBranch !== '' ? { defaultBranch } : {}),
    ...(typeof targetBranch === 'string' && targetBranch !== '' ? { targetBranch } : {}),
  };
}
