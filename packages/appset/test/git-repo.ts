import { execFileSync } from 'node:child_process';
import { writeTree } from '@fleetops/test/tree';

const identity = ['-c', 'user.email=test@example.com', '-c', 'user.name=test'];

/** A real git repository with `files` committed and `origin` pointing at `url`. */
export async function gitRepo(
  files: Record<string, string>,
  url = 'https://github.com/example-org/fleet.git',
): Promise<string> {
  const root = await writeTree(files);
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...identity, ...args]);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('remote', 'add', 'origin', url);
  return root;
}

export function commit(root: string, message: string): void {
  execFileSync('git', ['-C', root, ...identity, 'add', '-A']);
  execFileSync('git', ['-C', root, ...identity, 'commit', '-q', '-m', message]);
}
