/**
 * Clusters and cluster directories are listed in `localeCompare` order. Each comparison
 * through ICU costs about a microsecond, tens of milliseconds to sort a fleet of 10,000
 * clusters. Where every name is made of lower-case ASCII letters, digits, '-', '.' and
 * '/' and the collation is plain English (CLDR's root order, or en-US-POSIX's code-point
 * order), ICU orders such names as their code units do ('-' < '.' < '/' < digits <
 * letters, a prefix first), so they are compared as plain strings. Any other name or
 * locale is compared by localeCompare, as before. (Checked on every pair of up to two
 * such characters and two million random ones, under en-US and C; a Danish collation
 * differs, hence the locale test.)
 */
export function sortByName<T>(items: T[], name: (item: T) => string): T[] {
  if (plainCollation && items.every((item) => plainName.test(name(item))))
    return items.sort((a, b) => {
      const x = name(a);
      const y = name(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return items.sort((a, b) => name(a).localeCompare(name(b)));
}

const plainName = /^[a-z0-9./-]*$/;

const plainCollation = (() => {
  const options = new Intl.Collator().resolvedOptions();
  return (
    /^en(-|$)/.test(options.locale) &&
    options.usage === 'sort' &&
    options.sensitivity === 'variant' &&
    !options.ignorePunctuation &&
    options.collation === 'default' &&
    !options.numeric &&
    options.caseFirst === 'false'
  );
})();
