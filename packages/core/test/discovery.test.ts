import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/discovery.ts';

describe('discoverFiles', () => {
  it('honours .gitignore files at every level, including re-inclusion', async () => {
    const root = await writeTree({
      '.gitignore': 'build/\n*.generated.yaml\n',
      'a.yaml': 'x: 1',
      'b.generated.yaml': 'x: 1',
      'build/out.yaml': 'x: 1',
      'apps/.gitignore': 'secret.yaml\n!keep.generated.yaml\n',
      'apps/secret.yaml': 'x: 1',
      'apps/keep.generated.yaml': 'x: 1',
      'apps/app.yml': 'x: 1',
      'node_modules/pkg/x.json': '{}',
    });
    const { files } = await discoverFiles(root);
    expect(files.map((file) => file.path)).toEqual([
      'a.yaml',
      'apps/app.yml',
      'apps/keep.generated.yaml',
    ]);
  });

  it('applies include and exclude globs and reads only YAML and JSON by default', async () => {
    const root = await writeTree({
      'a.yaml': '',
      'b.json': '{}',
      'c.txt': '',
      'test/d.yaml': '',
      'e.YML': '',
    });
    expect((await discoverFiles(root)).files.map((f) => f.path)).toEqual([
      'a.yaml',
      'b.json',
      'test/d.yaml',
    ]);
    const filtered = await discoverFiles(root, { include: ['**/*.yaml'], exclude: ['test/**'] });
    expect(filtered.files.map((f) => f.path)).toEqual(['a.yaml']);
  });
});
