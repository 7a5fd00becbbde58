import { describe, expect, it } from 'vitest';
import { commentBodyLimit, composeBody } from '../src/comment-body.ts';
import { marker, markerValues, markerWithValue } from '../src/marker.ts';

describe('composeBody', () => {
  it('keeps everything when it fits, collapsing titled sections with escaped titles', () => {
    const body = composeBody({
      markers: ['<!-- m -->'],
      heading: '# H',
      sections: [{ body: 'one' }, { body: 'two', collapsedTitle: '</details> @team' }],
    });
    expect(body).toBe(
      '<!-- m -->\n# H\n\none\n\n<details><summary>&#60;/details&#62; @\u200Dteam</summary>\n\ntwo\n\n</details>',
    );
  });

  it('cuts between sections, under the limit, with a note saying where the rest is', () => {
    const sections = Array.from({ length: 10 }, (_, i) => ({ body: `${i}`.repeat(100) }));
    const body = composeBody({
      markers: ['<!-- m -->'],
      heading: 'H',
      sections,
      overflowNote: 'See the job summary.',
      limit: 500,
    });
    expect(body.length).toBeLessThanOrEqual(500);
    expect(body).toContain('1'.repeat(100));
    expect(body).not.toContain('9'.repeat(100));
    expect(body).toMatch(/_\d+ of 10 sections left out .*See the job summary\._$/);
  });

  it('never exceeds GitHub’s limit for a huge report', () => {
    const sections = Array.from({ length: 200 }, () => ({
      body: 'x'.repeat(1000),
      collapsedTitle: 't',
    }));
    const body = composeBody({ markers: [], heading: 'H', sections });
    expect(body.length).toBeLessThanOrEqual(commentBodyLimit);
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
  });
});

describe('markers', () => {
  it('round-trips values and cannot be closed early by a key', () => {
    const body = `${markerWithValue('review', 'job', 'abc')}\ntext ${markerWithValue('review', 'job', 'def')}`;
    expect(markerValues(body, 'review', 'job')).toEqual(['abc', 'def']);
    expect(marker('sticky', 'a --> <b>')).toBe('<!-- fleetops:sticky:a_--___b_ -->');
  });
});
