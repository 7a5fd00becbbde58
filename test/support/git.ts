import { execFileSync } from 'node:child_process';
import { writeTree } from './tree.ts';

const identity = ['-c', 'user.email=test@example.com', '-c', 'user.name=test'];

/** Runs git in `root` under a fixed identity and returns its trimmed output. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...identity, ...args], {
    encoding: 'utf8',
    stdio: 'pipe',
  }).trim();
}

/** Stages everything in `root` and commits it as `message`. */
export function commit(root: string, message: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}

/** The commit `rev` names in `root`. */
export function revParse(root: string, rev = 'HEAD'): string {
  return git(root, 'rev-parse', rev);
}

/**
 * A real git repository on `main` with `files` committed as `base`, and `origin`
 * pointing at `remote` when given.
 */
export async function gitRepo(files: Record<string, string>, remote?: string): Promise<string> {
  const root = await writeTree(files);
  git(root, 'init', '-q', '-b', 'main');
  commit(root, 'base');
  if (remote !== undefined) git(root, 'remote', 'add', 'origin', remote);
  return root;
}
