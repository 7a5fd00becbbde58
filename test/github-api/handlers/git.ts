/** Git data: blobs, trees, commits and refs, as PR upsert writes them. */
import { type Exchange, type Handler, notFound, unprocessable } from '../exchange.ts';
import { changedFiles } from './pulls.ts';

interface TreeEntryInput {
  path: string;
  sha?: string | null;
  content?: string;
}

function refName(exchange: Exchange): string {
  return `refs/${exchange.params.ref}`;
}

/** Is `ancestor` reachable from `sha` through first and other parents? */
function descends(exchange: Exchange, sha: string, ancestor: string): boolean {
  const queue = [sha];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === ancestor) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(exchange.state.commits.get(current)?.parents ?? []));
  }
  return false;
}

/** A push to a branch moves the head of the open pull requests from it, and their diff. */
function followPush(exchange: Exchange, ref: string, sha: string): void {
  for (const pull of exchange.state.pulls.values()) {
    if (`refs/heads/${pull.head.ref}` !== ref) continue;
    if (exchange.state.issues.get(pull.number)?.state !== 'open') continue;
    pull.base.sha = exchange.state.refs.get(`refs/heads/${pull.base.ref}`) ?? pull.base.sha;
    pull.head.sha = sha;
    pull.files = changedFiles(exchange, pull.base.sha, sha);
  }
}

export const gitHandlers: Record<string, Handler> = {
  'git/get-ref': (x) => {
    const sha = x.state.refs.get(refName(x));
    if (!sha) throw notFound();
    return { status: 200, body: x.views.ref(refName(x), sha) };
  },

  'git/create-ref': (x) => {
    const ref = String(x.body.ref);
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
      throw unprocessable('ref must be fully qualified: refs/heads/NAME');
    }
    if (x.state.refs.has(ref)) throw unprocessable('Reference already exists');
    if (!x.state.commits.has(x.body.sha)) throw unprocessable('Object does not exist');
    x.state.refs.set(ref, x.body.sha);
    return { status: 201, body: x.views.ref(ref, x.body.sha) };
  },

  'git/update-ref': (x) => {
    const ref = refName(x);
    const current = x.state.refs.get(ref);
    if (!current) throw unprocessable('Reference does not exist');
    if (!x.state.commits.has(x.body.sha)) throw unprocessable('Object does not exist');
    if (!x.body.force && !descends(x, x.body.sha, current)) {
      throw unprocessable('Update is not a fast forward');
    }
    x.state.refs.set(ref, x.body.sha);
    followPush(x, ref, x.body.sha);
    return { status: 200, body: x.views.ref(ref, x.body.sha) };
  },

  'git/get-commit': (x) => {
    if (!x.state.commits.has(x.params.commit_sha!)) throw notFound();
    return { status: 200, body: x.views.commit(x.params.commit_sha!) };
  },

  'git/create-commit': (x) => {
    if (!x.state.trees.has(x.body.tree)) throw unprocessable('Tree SHA does not exist');
    const parents = (x.body.parents ?? []) as string[];
    if (parents.some((parent) => !x.state.commits.has(parent))) {
      throw unprocessable('Parent SHA does not exist or is not a commit object');
    }
    const sha = x.state.putCommit({ tree: x.body.tree, parents, message: x.body.message });
    return { status: 201, body: x.views.commit(sha) };
  },

  'git/get-tree': (x) => {
    if (!x.state.trees.has(x.params.tree_sha!)) throw notFound();
    return { status: 200, body: x.views.tree(x.params.tree_sha!) };
  },

  'git/create-tree': (x) => {
    const base = x.body.base_tree ? x.state.trees.get(x.body.base_tree) : new Map<string, string>();
    if (!base) throw unprocessable('base_tree is not a valid tree oid');
    const entries = new Map(base);
    for (const entry of x.body.tree as TreeEntryInput[]) {
      if (entry.content !== undefined) entries.set(entry.path, x.state.putBlob(entry.content));
      else if (entry.sha === null) entries.delete(entry.path);
      else if (entry.sha && x.state.blobs.has(entry.sha)) entries.set(entry.path, entry.sha);
      else throw unprocessable('tree.sha is not a valid blob');
    }
    return { status: 201, body: x.views.tree(x.state.putTree(entries)) };
  },

  'git/create-blob': (x) => {
    const content =
      x.body.encoding === 'base64'
        ? Buffer.from(x.body.content, 'base64').toString('utf8')
        : String(x.body.content);
    const sha = x.state.putBlob(content);
    return { status: 201, body: { sha, url: `${x.views.repoUrl}/git/blobs/${sha}` } };
  },
};
