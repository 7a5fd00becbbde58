// `--schema-header 'Host: Header: value'`: an extra request header for one schema host, for
// private registries. The value may reference environment variables (`Bearer ${TOKEN}`), so a
// token never has to appear on a command line; values are secrets and never appear in errors.

export interface SchemaHeader {
  /** Host as in a URL (`host` or `host:port`), compared case-insensitively. */
  readonly host: string;
  readonly name: string;
  readonly value: string;
}

export class SchemaHeaderError extends Error {
  override name = 'SchemaHeaderError';
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses one `Host: Header: value`. `${NAME}` in the value is replaced by the environment
 * variable NAME; a missing variable is an error that names the variable, not the value.
 */
export function parseSchemaHeader(
  spec: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SchemaHeader {
  const match = /^\s*([^\s:/]+(?::\d+)?)\s*:\s*([^:\s]+)\s*:\s*(.*)$/.exec(spec);
  const [, host, name, rawValue] = match ?? [];
  // Only the host and header name are echoed back: the value may already hold a secret.
  const shown = host && name ? `"${host}: ${name}: …"` : 'a --schema-header';
  if (!host || !name || rawValue === undefined) {
    throw new SchemaHeaderError(
      `${shown} is not of the form 'Host: Header: value' (for example 'schemas.example.com: Authorization: Bearer \${SCHEMAS_TOKEN}')`,
    );
  }
  if (!TOKEN.test(name)) {
    throw new SchemaHeaderError(`${shown}: "${name}" is not a valid header name`);
  }
  const value = rawValue
    .trim()
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
      const resolved = env[variable];
      if (resolved === undefined || resolved === '') {
        throw new SchemaHeaderError(
          `${shown} uses the environment variable ${variable}, which is not set`,
        );
      }
      return resolved;
    });
  if (/[\r\n\0]/.test(value)) {
    throw new SchemaHeaderError(`${shown}: the value contains a line break or NUL`);
  }
  return { host: host.toLowerCase(), name, value };
}

/** The extra headers for a URL: those whose host equals the URL's host (with or without port). */
export function headersFor(url: URL, headers: readonly SchemaHeader[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const header of headers) {
    if (header.host === url.host.toLowerCase() || header.host === url.hostname.toLowerCase()) {
      result[header.name] = header.value;
    }
  }
  return result;
}

/** Replaces every header value in a message by `***`, whatever produced the message. */
export function redact(message: string, headers: readonly SchemaHeader[]): string {
  let result = message;
  for (const { value } of headers) {
    if (value.length >= 4) result = result.split(value).join('***');
  }
  return result;
}
