import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { FileWalk } from '../src/file-walk.ts';

function rest(walk: FileWalk): string[] {
  const paths: string[] = [];
  for (let file = walk.next(); file; file = walk.next()) paths.push(file.path);
  return paths;
}

describe('FileWalk', () => {
  it('yields the files in the order of their full paths, directory by directory', async () => {
    // `a-b.yaml` and `a.yaml` sort before `a/…` (`-` and `.` come before `/`), `a0/` after.
    const paths = ['a/x.yaml', 'a-b.yaml', 'a.yaml', 'a0/y.yaml', 'A.yaml', 'b/c/d.yaml', 'b.json'];
    const root = await writeTree(Object.fromEntries(paths.map((path) => [path, 'a: 1\n'])));
    expect(rest(FileWalk.start(root))).toEqual([...paths].sort());
  });

  it('goes on from its state anywhere, with the .gitignore files met before', async () => {
    const root = await writeTree({
      'apps/.gitignore': 'secret.yaml\n',
      'apps/one/a.yaml': '',
      'apps/one/secret.yaml': '',
      'apps/two/b.yaml': '',
      'apps/two/secret.yaml': '',
      'clusters/c.yaml': '',
    });
    const all = rest(FileWalk.start(root));
    expect(all).toEqual(['apps/one/a.yaml', 'apps/two/b.yaml', 'clusters/c.yaml']);
    for (let taken = 0; taken <= all.length; taken++) {
      const walk = FileWalk.start(root);
      for (let i = 0; i < taken; i++) walk.next();
      const resumed = FileWalk.resume(walk.state());
      expect(rest(resumed)).toEqual(all.slice(taken));
      // The state is a copy: the walk it came from goes on unchanged.
      expect(rest(walk)).toEqual(all.slice(taken));
    }
  });

  it('counts what it has listed and not yet walked, so that its size shows early', async () => {
    const root = await writeTree({ 'a/1.yaml': '', 'a/2.yaml': '', 'b/3.yaml': '', 'c.yaml': '' });
    const walk = FileWalk.start(root);
    expect(walk.pending()).toBe(3); // a/, b/, c.yaml
    walk.next(); // a/1.yaml: a/ entered, its two files listed
    expect(walk.pending()).toBe(3); // a/2.yaml, b/, c.yaml
    rest(walk);
    expect(walk.pending()).toBe(0);
  });

  it('throws, as readdir does, for a root that is not there', () => {
    expect(() => FileWalk.start('/nonexistent/fleet')).toThrow(/ENOENT/);
  });
});
