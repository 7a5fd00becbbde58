export * from './client.ts';
export * from './comment-body.ts';
export * from './diff-filter.ts';
export * from './finding-markdown.ts';
export * from './marker.ts';
export * from './pull-diff.ts';
export * from './review.ts';
export * from './sticky-comment.ts';
