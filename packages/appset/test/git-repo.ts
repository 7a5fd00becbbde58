import { gitRepo as committedRepo } from '@fleetops/test/git';

export { commit } from '@fleetops/test/git';

/** A real git repository with `files` committed and `origin` pointing at `url`. */
export function gitRepo(
  files: Record<string, string>,
  url = 'https://github.com/example-org/fleet.git',
): Promise<string> {
  return committedRepo(files, url);
}
