import { GeneratorError, NotPreviewableError } from '../errors.ts';
import { isPlainObject, type Params } from '../params.ts';
import type { Context } from './context.ts';
import { appendValues } from './values.ts';

/**
 * The pull request generator, from the one pull request of the current GitHub
 * `pull_request` event: Argo CD's generator lists the open pull requests of
 * `github.owner/github.repo`, this one knows only the event's. So the preview holds when
 * the generator names the event's repository with the `github` provider; any other
 * provider or repository stays dynamic. Source: applicationset/generators/pull_request.go
 * and applicationset/services/pull_request/{github,utils}.go (v3.5.1).
 */
export function pullRequestParams(
  generator: Record<string, unknown>,
  context: Context,
): Params[] | undefined {
  const event = context.pullRequestEvent;
  const github = generator.github;
  if (event === undefined || !isPlainObject(github)) return undefined;
  const pull = pullOf(event);
  if (!pull || !sameRepository(github, pull.repository)) return undefined;
  const filters = compileFilters(generator.filters);
  // go-github's PullRequests.List asks for state=open: a closed pull request is not listed.
  if (pull.state !== 'open') return [];
  const wanted = Array.isArray(github.labels) ? github.labels.map(String) : [];
  if (!wanted.every((label) => pull.labels.includes(label))) return [];
  if (filters.length > 0 && !filters.some((filter) => filter(pull))) return [];
  const sha = pull.headSha;
  const params: Params = {
    number: String(pull.number),
    title: pull.title,
    branch: pull.branch,
    branch_slug: slug(pull.branch),
    target_branch: pull.targetBranch,
    target_branch_slug: slug(pull.targetBranch),
    head_sha: sha,
    head_short_sha: sha.slice(0, 8),
    head_short_sha_7: sha.slice(0, 7),
    author: pull.author,
  };
  // "PR labels will only be supported for Go Template appsets".
  if (context.mode.goTemplate) params.labels = [...pull.labels];
  if (context.semantics.pullRequestValues) {
    try {
      appendValues(generator.values, params, context.mode);
    } catch (error) {
      throw new GeneratorError(`failed to append templated values: ${(error as Error).message}`);
    }
  }
  return [params];
}

/** No event, or a generator it does not answer: what the preview says instead. */
export function notPreviewable(): NotPreviewableError {
  return new NotPreviewableError(
    'pullRequest generator: dynamic — not previewable offline',
    'pullRequest',
  );
}

interface PullRequest {
  number: number;
  title: string;
  branch: string;
  targetBranch: string;
  headSha: string;
  labels: string[];
  author: string;
  state: string;
  repository: { owner: string; name: string; apiUrl: string };
}

/** The fields Argo CD reads from go-github's PullRequest, from a webhook payload. */
function pullOf(event: unknown): PullRequest | undefined {
  if (!isPlainObject(event) || !isPlainObject(event.pull_request)) return undefined;
  const pr = event.pull_request;
  const head = isPlainObject(pr.head) ? pr.head : {};
  const base = isPlainObject(pr.base) ? pr.base : {};
  const repo = isPlainObject(event.repository)
    ? event.repository
    : isPlainObject(base.repo)
      ? base.repo
      : {};
  const owner = isPlainObject(repo.owner) ? repo.owner : {};
  const user = isPlainObject(pr.user) ? pr.user : {};
  if (typeof pr.number !== 'number' || typeof head.sha !== 'string') return undefined;
  return {
    number: pr.number,
    title: text(pr.title),
    branch: text(head.ref),
    targetBranch: text(base.ref),
    headSha: head.sha,
    labels: Array.isArray(pr.labels)
      ? pr.labels.flatMap((l) => (isPlainObject(l) && typeof l.name === 'string' ? [l.name] : []))
      : [],
    author: text(user.login),
    state: text(pr.state),
    repository: { owner: text(owner.login), name: text(repo.name), apiUrl: text(repo.url) },
  };
}

/**
 * The generator asks the same API for the event's repository. GitHub's owner and
 * repository names are case-insensitive; `api` defaults to https://api.github.com.
 */
function sameRepository(
  github: Record<string, unknown>,
  repository: PullRequest['repository'],
): boolean {
  const same = (a: unknown, b: string) => String(a ?? '').toLowerCase() === b.toLowerCase();
  const api = (
    typeof github.api === 'string' && github.api !== '' ? github.api : 'https://api.github.com'
  )
    .replace(/\/+$/, '')
    .toLowerCase();
  const url = repository.apiUrl.toLowerCase();
  return (
    same(github.owner, repository.owner) &&
    same(github.repo, repository.name) &&
    (url === '' || url.startsWith(`${api}/`))
  );
}

type Filter = (pull: PullRequest) => boolean;

/**
 * `filters`: a pull request passes when any filter matches; within a filter every regexp
 * given must match (Go's MatchString: a match anywhere).
 */
function compileFilters(filters: unknown): Filter[] {
  if (!Array.isArray(filters)) return [];
  return filters.map((filter) => {
    const spec = isPlainObject(filter) ? filter : {};
    const tests: Array<(pull: PullRequest) => boolean> = [];
    for (const [key, field] of [
      ['branchMatch', 'branch'],
      ['targetBranchMatch', 'targetBranch'],
      ['titleMatch', 'title'],
    ] as const) {
      if (typeof spec[key] !== 'string') continue;
      const regexp = compile(key, spec[key]);
      tests.push((pull) => regexp.test(pull[field]));
    }
    return (pull) => tests.every((test) => test(pull));
  });
}

function compile(key: string, pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch (error) {
    const name = key[0]!.toUpperCase() + key.slice(1);
    // The cause is JavaScript's wording, not Go's regexp/syntax.
    throw new GeneratorError(
      `error listing repos: error compiling ${name} regexp ${JSON.stringify(pattern)}: ${(error as Error).message}`,
    );
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * github.com/gosimple/slug `Make` as Argo CD configures it (MaxLength 50, `_` → `-`):
 * `&` → `and`, `@` → `at`, transliterated to ASCII, lowercased, every other character
 * a dash, dashes collapsed and trimmed, then cut at the last dash within 50 characters.
 */
export function slug(input: string): string {
  const maxLength = 50;
  let s = input.trim().replaceAll('_', '-').replaceAll('&', 'and').replaceAll('@', 'at');
  // gosimple/unidecode transliterates; accents are dropped here, other letters become dashes.
  s = s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  s = s
    .replace(/[^a-zA-Z0-9_-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (s.length <= maxLength) return s;
  for (let i = maxLength; i >= 0; i--) if (s[i] === '-') return s.slice(0, i);
  return s.slice(0, maxLength);
}
