/**
 * What is structurally wrong with an OpenAPI 3.1 document, as readable sentences (empty when
 * nothing is): the checks a generator of ours can get wrong, not the whole specification.
 */
export function openApiProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (document.openapi !== '3.1.0') problems.push('openapi is not "3.1.0"');
  const info = document.info as Record<string, unknown> | undefined;
  if (typeof info?.title !== 'string' || typeof info.version !== 'string')
    problems.push('info needs a title and a version');
  const components = (document.components ?? {}) as Record<string, Record<string, unknown>>;
  const schemes = components.securitySchemes ?? {};
  const paths = document.paths as Record<string, Record<string, unknown>> | undefined;
  if (!paths || Object.keys(paths).length === 0) problems.push('no paths');
  const operationIds = new Set<string>();

  for (const [path, item] of Object.entries(paths ?? {})) {
    if (!path.startsWith('/')) problems.push(`${path}: a path starts with /`);
    const templated = new Set([...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!));
    for (const [method, value] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!HTTP_METHODS.has(method)) {
        problems.push(`${where}: not an HTTP method`);
        continue;
      }
      const operation = value as Record<string, unknown>;
      const id = operation.operationId;
      if (typeof id === 'string') {
        if (operationIds.has(id)) problems.push(`${where}: operationId ${id} is used twice`);
        operationIds.add(id);
      }
      const declared = new Set(
        ((operation.parameters ?? []) as Record<string, unknown>[])
          .map((parameter) => resolve(document, parameter) as Record<string, unknown> | undefined)
          .filter((parameter) => parameter?.in === 'path')
          .map((parameter) => {
            if (parameter?.required !== true)
              problems.push(`${where}: path parameter ${String(parameter?.name)} not required`);
            return String(parameter?.name);
          }),
      );
      for (const name of templated)
        if (!declared.has(name)) problems.push(`${where}: path parameter ${name} not declared`);
      for (const name of declared)
        if (!templated.has(name)) problems.push(`${where}: parameter ${name} not in the path`);
      const responses = (operation.responses ?? {}) as Record<string, Record<string, unknown>>;
      if (Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
      for (const [status, response] of Object.entries(responses)) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status))
          problems.push(`${where}: ${status} is not a status`);
        if (typeof response.description !== 'string')
          problems.push(`${where} ${status}: a response needs a description`);
      }
      const security = (operation.security ?? document.security) as
        Record<string, unknown>[] | undefined;
      for (const requirement of security ?? [])
        for (const [scheme, scopes] of Object.entries(requirement)) {
          if (!(scheme in schemes)) problems.push(`${where}: unknown security scheme ${scheme}`);
          if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string'))
            problems.push(`${where}: ${scheme} needs a list of role or scope names`);
        }
    }
  }

  walk(document, '#', '', (node, at, key) => {
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#') && resolve(document, node) === undefined)
      problems.push(`${at}: $ref ${ref} does not resolve`);
    if (Array.isArray(node.required) && isObject(node.properties))
      for (const name of node.required as unknown[])
        if (typeof name !== 'string' || !(name in node.properties))
          problems.push(`${at}: required ${String(name)} is not a property`);
    const isSchema = at.includes('/schema') && !SCHEMA_MAPS.has(key);
    if (isSchema && 'type' in node && !validType(node.type))
      problems.push(`${at}: ${JSON.stringify(node.type)} is not a JSON Schema type`);
  });
  return problems;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Keywords whose value maps names to schemas (a property may well be called `type`). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas']);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function validType(type: unknown): boolean {
  const types = Array.isArray(type) ? (type as unknown[]) : [type];
  return types.every((entry) => typeof entry === 'string' && JSON_TYPES.has(entry));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node a local `$ref` points at (or the node itself when it has none). */
function resolve(document: Record<string, unknown>, node: Record<string, unknown>): unknown {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(current) || !(key in current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Visits every object with its JSON pointer and the key it sits under; examples are data, skipped. */
function walk(
  node: unknown,
  at: string,
  key: string,
  visit: (node: Record<string, unknown>, at: string, key: string) => void,
): void {
  if (Array.isArray(node))
    node.forEach((entry, index) => walk(entry, `${at}/${index}`, key, visit));
  else if (isObject(node)) {
    visit(node, at, key);
    for (const [child, value] of Object.entries(node))
      if (child !== 'example' && child !== 'examples')
        walk(value, `${at}/${pointerKey(child)}`, child, visit);
  }
}

function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every operation of an OpenAPI `paths` object as `method path`, sorted. */
export function documentedOperations(paths: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
    .sort();
}

/** The security requirement a served route should document: none when public, else its roles. */
export function expectedSecurity(route: {
  public: boolean;
  roles: readonly string[];
}): Record<string, readonly string[]>[] {
  return route.public ? [] : [{ bearer: route.roles }, { apiKey: route.roles }];
}
