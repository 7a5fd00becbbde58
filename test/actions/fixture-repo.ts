// A real Git repository for the action harness: the example fleet on `main`, a pull
// request's branch on top of it, and the test merge commit that actions/checkout checks out
// for a pull_request event (refs/pull/N/merge). The PR's files and patches, as GitHub's
// files API lists them, come from `git diff` of this very repository, so the double and the
// checkout cannot disagree about which lines changed.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DiffFileRecord } from '../github-api/index.ts';
import { copyExampleFleet } from './runner.ts';

/** A file's new text, or null to delete it. */
export type Change = Record<string, string | null>;

export interface FixtureRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  /** What GITHUB_SHA is on a pull_request event: a merge of head into base. */
  mergeSha: string;
  /** The PR's diff as GitHub's files API returns it. */
  files: DiffFileRecord[];
}

const run = promisify(execFile);

/** Commits are made by a fixed identity at a fixed time, whatever the machine's git config says. */
async function git(dir: string, ...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Fleet Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
    GIT_COMMITTER_NAME: 'Fleet Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  };
  const { stdout } = await run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env });
  return stdout.trim();
}

async function apply(dir: string, change: Change): Promise<void> {
  for (const [file, text] of Object.entries(change)) {
    const target = path.join(dir, file);
    if (text === null) {
      await rm(target);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
  await git(dir, 'add', '--all');
}

/** Lines of a file with `edit` applied: a small sed for fixtures. */
export async function edited(
  dir: string,
  file: string,
  edit: (lines: string[]) => string[],
): Promise<string> {
  const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
  return edit(lines).join('\n');
}

/**
 * `main` holds the example fleet plus `base`; branch `head` adds `head` on top. The work
 * tree is left at the merge commit, detached, as actions/checkout leaves it.
 */
export async function createFixtureRepo(
  dir: string,
  change: { base: Change; head: (dir: string) => Promise<Change> },
): Promise<FixtureRepo> {
  await copyExampleFleet(dir);
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await apply(dir, change.base);
  await git(dir, 'commit', '--quiet', '-m', 'fleet');
  const baseSha = await git(dir, 'rev-parse', 'HEAD');
  await git(dir, 'switch', '--quiet', '-c', 'feature');
  await apply(dir, await change.head(dir));
  await git(dir, 'commit', '--quiet', '-m', 'change the fleet');
  const headSha = await git(dir, 'rev-parse', 'HEAD');
  await git(dir, 'switch', '--quiet', '--detach', baseSha);
  await git(dir, 'merge', '--quiet', '--no-ff', '-m', `Merge ${headSha} into ${baseSha}`, headSha);
  const mergeSha = await git(dir, 'rev-parse', 'HEAD');
  return { dir, baseSha, headSha, mergeSha, files: await pullFiles(dir, baseSha, headSha) };
}

/** A new commit on the PR's branch; the work tree moves to its new merge commit. */
export async function pushToBranch(
  repo: FixtureRepo,
  change: (dir: string) => Promise<Change>,
): Promise<FixtureRepo> {
  const { dir, baseSha } = repo;
  await git(dir, 'switch', '--quiet', 'feature');
  await apply(dir, await change(dir));
  await git(dir, 'commit', '--quiet', '-m', 'fix the findings');
  const headSha = await git(dir, 'rev-parse', 'HEAD');
  await git(dir, 'switch', '--quiet', '--detach', baseSha);
  await git(dir, 'merge', '--quiet', '--no-ff', '-m', `Merge ${headSha} into ${baseSha}`, headSha);
  const mergeSha = await git(dir, 'rev-parse', 'HEAD');
  return { dir, baseSha, headSha, mergeSha, files: await pullFiles(dir, baseSha, headSha) };
}

/**
 * GitHub's files API: one entry per changed path with its status and `patch`, the hunks of
 * a unified diff without the `diff --git` / `---` / `+++` header.
 */
async function pullFiles(dir: string, baseSha: string, headSha: string): Promise<DiffFileRecord[]> {
  const statuses = await git(dir, 'diff', '--name-status', '--no-renames', baseSha, headSha);
  const records: DiffFileRecord[] = [];
  for (const line of statuses.split('\n').filter(Boolean)) {
    const [code, filename = ''] = line.split('\t');
    const status = code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified';
    const diff = await git(
      dir,
      'diff',
      '--no-color',
      '--no-ext-diff',
      baseSha,
      headSha,
      '--',
      filename,
    );
    const patch = diff.slice(diff.indexOf('\n@@') + 1);
    records.push({ filename, status, patch });
  }
  return records;
}
